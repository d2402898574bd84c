package io.elasticface.messaging;

import io.elasticface.aws.AwsClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS for a tier that sends and receives with the blocking client ({@link MessageSender}, {@link SqsPoller}); a
 * tier that also listens with Spring Cloud AWS imports {@link ListenerClientConfiguration} too.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(AwsClients aws) {
        return SqsClients.create(aws);
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
