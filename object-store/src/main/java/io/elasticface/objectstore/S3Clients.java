package io.elasticface.objectstore;

import io.elasticface.aws.AwsClients;
import java.net.URI;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the S3 client: path-style addressing for emulators, a connection pool sized for bursts. */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(AwsClients aws) {
        URI endpoint = aws.properties().s3();
        return aws.configure(S3Client.builder(), endpoint)
                .forcePathStyle(endpoint != null)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(200))
                .build();
    }
}
