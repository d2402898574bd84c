package io.elasticface.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.messaging.SqsMessageSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The S3 and SQS adapters against LocalStack, where Docker exists; skipped cleanly without it. Unlike
 * ElasticMQ, LocalStack enforces the request queue's 1 KB maximum.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAdaptersTest {

    // the last tags before LocalStack required an auth token
    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0")).withServices("s3", "sqs");

    private final AwsClients clients = new AwsClients(new AwsProperties(LOCALSTACK.getRegion(),
            LOCALSTACK.getEndpoint(), null, null, null, null));

    @Test
    void imageStoreRoundTripsObjectsAndVersions() {
        try (S3Client s3 = S3Clients.create(clients)) {
            S3ObjectStore store = new S3ObjectStore(s3);
            store.ensureBucket("images");
            store.ensureBucket("images");
            store.put("images", "id/a.jpg", "jpeg".getBytes(StandardCharsets.UTF_8), "image/jpeg",
                    Map.of("original-name", "a.jpg"));
            assertThat(store.get("images", "id/a.jpg")).hasValueSatisfying(b -> assertThat(b).hasSize(4));
            assertThat(store.version("images", "id/a.jpg")).isPresent();
            assertThat(store.get("images", "missing")).isEmpty();
            assertThat(store.version("images", "missing")).isEmpty();
        }
    }

    @Test
    void requestQueueRefusesMessagesOverOneKilobyte() {
        try (SqsClient sqs = SqsClients.create(clients)) {
            String url = new QueueProvisioner(sqs).ensureRequestQueue("req", "req-dlq", Duration.ofSeconds(30), 5);
            SqsMessageSender sender = new SqsMessageSender(sqs);
            sender.send(url, "x".repeat(1000));
            assertThatThrownBy(() -> sender.send(url, "x".repeat(1100))).isInstanceOf(SqsException.class);
        }
    }
}
