package io.elasticface.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * The one place AWS SDK clients are built: region, endpoint override, credentials.
 * Each adapter module builds its own client ({@code S3Clients}, {@code SqsClients}, EC2, SimpleDB) through
 * {@link #configure}, so a tier carries only the SDK modules it calls.
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

    /** Applies region, credentials and endpoint to any SDK v2 client builder. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder, URI endpoint) {
        builder.region(region()).credentialsProvider(credentials(endpoint));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
