package io.elasticface.messaging;

import io.elasticface.aws.AwsClients;
import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the SQS clients: the blocking one for sends and reads, the async one Spring Cloud AWS listens with. */
public final class SqsClients {

    private SqsClients() {
    }

    public static SqsClient create(AwsClients aws) {
        return aws.configure(SqsClient.builder(), aws.properties().sqs())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(50)
                        // long polls hold a connection for 20 s
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    public static SqsAsyncClient createAsync(AwsClients aws) {
        return aws.configure(SqsAsyncClient.builder(), aws.properties().sqs()).build();
    }
}
