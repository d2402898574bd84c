package io.elasticface.objectstore;

import io.elasticface.aws.AwsClients;
import java.net.URI;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client: path-style addressing for emulators, a connection pool sized for bursts, and checksums
 * only where S3 requires them: the SDK's default CRC32 of every upload and download costs CPU on each request
 * (bench/web-cpu.sh) for objects that TLS already protects in transit and that every reader decodes and checks.
 */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(AwsClients aws) {
        URI endpoint = aws.properties().s3();
        return aws.configure(S3Client.builder(), endpoint)
                .forcePathStyle(endpoint != null)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(200))
                .build();
    }
}
