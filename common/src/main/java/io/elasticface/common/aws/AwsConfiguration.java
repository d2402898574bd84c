package io.elasticface.common.aws;

import io.elasticface.common.naming.NamingProperties;
import io.elasticface.common.naming.ResourceNames;
import io.elasticface.common.queue.MessageSender;
import io.elasticface.common.queue.QueueProvisioner;
import io.elasticface.common.queue.SqsMessageSender;
import io.elasticface.common.storage.ImageStore;
import io.elasticface.common.storage.S3ImageStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients, resource names and storage/queue adapters every tier shares. Spring Cloud AWS's
 * listeners use the {@link SqsAsyncClient} built here, so one factory configures every client.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AwsProperties.class, NamingProperties.class})
public class AwsConfiguration {

    @Bean
    AwsClients awsClients(AwsProperties properties) {
        return new AwsClients(properties);
    }

    @Bean
    ResourceNames resourceNames(NamingProperties naming) {
        return ResourceNames.derive(naming);
    }

    @Bean(destroyMethod = "close")
    S3Client s3Client(AwsClients clients) {
        return clients.s3();
    }

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(AwsClients clients) {
        return clients.sqs();
    }

    @Bean(destroyMethod = "close")
    SqsAsyncClient sqsAsyncClient(AwsClients clients) {
        return clients.sqsAsync();
    }

    @Bean
    ImageStore imageStore(S3Client s3) {
        return new S3ImageStore(s3);
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
