package io.elasticface.aws;

import java.net.URI;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach AWS. Without an endpoint the SDK talks to AWS in {@code region} with the default
 * credentials chain (instance profiles on EC2). With an endpoint it talks to an emulator (ElasticMQ,
 * S3Proxy, LocalStack): path-style S3 and the emulator's fixed, non-secret credentials.
 *
 * @param region       AWS region, default us-east-1
 * @param endpoint     one endpoint for every service (LocalStack), or null
 * @param s3Endpoint   overrides {@code endpoint} for S3 (S3Proxy)
 * @param sqsEndpoint  overrides {@code endpoint} for SQS (ElasticMQ)
 * @param ec2Endpoint  overrides {@code endpoint} for EC2
 * @param sdbEndpoint  SimpleDB endpoint override (tests)
 */
@Validated
@ConfigurationProperties("elasticface.aws")
public record AwsProperties(@DefaultValue(AwsProperties.DEFAULT_REGION) @NotBlank String region, URI endpoint,
                            URI s3Endpoint, URI sqsEndpoint, URI ec2Endpoint, URI sdbEndpoint) {

    public static final String DEFAULT_REGION = "us-east-1";

    /** Built in code (tests, the command line) a missing region means the default, as when bound. */
    public AwsProperties {
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
    }

    public static AwsProperties aws(String region) {
        return new AwsProperties(region, null, null, null, null, null);
    }

    public static AwsProperties emulators(URI s3, URI sqs) {
        return new AwsProperties(DEFAULT_REGION, null, s3, sqs, null, null);
    }

    public URI s3() {
        return s3Endpoint != null ? s3Endpoint : endpoint;
    }

    public URI sqs() {
        return sqsEndpoint != null ? sqsEndpoint : endpoint;
    }

    public URI ec2() {
        return ec2Endpoint != null ? ec2Endpoint : endpoint;
    }

    public URI sdb() {
        return sdbEndpoint != null ? sdbEndpoint : endpoint;
    }
}
