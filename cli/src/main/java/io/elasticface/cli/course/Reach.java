package io.elasticface.cli.course;

import io.elasticface.aws.AwsClients;
import io.elasticface.messaging.SqsClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Whether an account (or an emulator) can be talked to at all, said in one sentence naming what to set:
 * the region, the credentials, the endpoint. Checked before a command does anything else.
 */
public final class Reach {

    private Reach() {
    }

    /** Empty when one cheap call (SQS ListQueues) succeeds; otherwise the sentence to print. */
    public static Optional<String> problem(AwsClients aws) {
        String region = aws.properties().region();
        URI endpoint = aws.properties().endpoint();
        if (endpoint == null && Region.regions().stream().noneMatch(r -> r.id().equals(region))) {
            return Optional.of("'" + region + "' is not an AWS region: pass --region (the course uses us-east-1).");
        }
        try (SqsClient sqs = SqsClients.create(aws)) {
            sqs.listQueues(r -> r.maxResults(1));
            return Optional.empty();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (code.contains("InvalidClientTokenId") || code.contains("SignatureDoesNotMatch")
                    || code.contains("ExpiredToken") || code.contains("UnrecognizedClient")) {
                return Optional.of("AWS refused these credentials (" + code + "): set AWS_PROFILE, or "
                        + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, to a key of this account (aws configure).");
            }
            return Optional.empty(); // reachable; what this identity may do is each check's business
        } catch (SdkClientException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("credentials")) {
                return Optional.of("no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY (aws configure), or run on an instance with a role.");
            }
            return Optional.of("cannot reach " + (endpoint != null ? endpoint : "AWS in " + region) + ": "
                    + rootCause(e) + (endpoint != null ? " (is the emulator running there? check --endpoint)"
                    : " (check the network and --region)."));
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
