package io.elasticface.messaging;

import io.elasticface.aws.AwsClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The asynchronous SQS client that Spring Cloud AWS's listeners receive through, built by the same factory as the
 * blocking one. Only the web tier listens this way: the worker's {@link SqsPoller} needs no Netty client, which is
 * part of why it starts faster.
 */
@Configuration(proxyBeanMethods = false)
public class ListenerClientConfiguration {

    @Bean(destroyMethod = "close")
    SqsAsyncClient sqsAsyncClient(AwsClients aws) {
        return SqsClients.createAsync(aws);
    }
}
