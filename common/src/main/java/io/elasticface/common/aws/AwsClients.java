package io.elasticface.common.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place AWS SDK clients are built: region, endpoint override, credentials.
 * Service modules that need another client (EC2, SimpleDB) build it from {@link #credentials(URI)},
 * {@link #region()} and the endpoint getters of {@link AwsProperties}.
 */
public final class AwsClients {

    /** The emulators' fixed identity; S3Proxy checks signatures against it. Not a secret. */
    public static final String EMULATOR_ACCESS_KEY = "elasticface-local";
    public static final String EMULATOR_SECRET_KEY = "elasticface-local-secret";

    private final AwsProperties properties;

    public AwsClients(AwsProperties properties) {
        this.properties = properties;
    }

    public AwsProperties properties() {
        return properties;
    }

    public Region region() {
        return Region.of(properties.region());
    }

    /** Default chain against AWS; the emulators' fixed identity against an endpoint override. */
    public AwsCredentialsProvider credentials(URI endpoint) {
        return endpoint == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY));
    }

    public S3Client s3() {
        URI endpoint = properties.s3();
        return configure(S3Client.builder(), endpoint)
                .forcePathStyle(endpoint != null)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(200))
                .build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), properties.sqs())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(50)
                        // long polls hold a connection for 20 s
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    public SqsAsyncClient sqsAsync() {
        return configure(SqsAsyncClient.builder(), properties.sqs()).build();
    }

    /** Applies region, credentials and endpoint to any SDK v2 client builder. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder, URI endpoint) {
        builder.region(region()).credentialsProvider(credentials(endpoint));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
