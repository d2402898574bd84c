package io.elasticface.messaging;

import io.elasticface.aws.AwsClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS for a tier that sends and listens: the SDK sends ({@link MessageSender}), Spring Cloud AWS's
 * listeners receive through the {@link SqsAsyncClient} built here, so one factory configures both.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(AwsClients aws) {
        return SqsClients.create(aws);
    }

    @Bean(destroyMethod = "close")
    SqsAsyncClient sqsAsyncClient(AwsClients aws) {
        return SqsClients.createAsync(aws);
    }

    @Bean
    MessageSender messageSender(SqsClient sqs) {
        return new SqsMessageSender(sqs);
    }

    @Bean
    QueueProvisioner queueProvisioner(SqsClient sqs) {
        return new QueueProvisioner(sqs);
    }
}
