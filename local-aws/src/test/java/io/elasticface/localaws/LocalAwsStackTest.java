package io.elasticface.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.objectstore.S3ObjectStore;
import io.elasticface.testing.Reachability;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The emulators behave as production does where the system depends on it. */
class LocalAwsStackTest {

    @TempDir
    Path data;

    @Test
    void queuesHaveProductionAttributesAndFailingMessagesReachTheDeadLetterQueue() throws Exception {
        try (LocalAwsStack stack = LocalAwsStack.start(data); SqsClient sqs = SqsClients.create(stack.clients())) {
            QueueProvisioner queues = new QueueProvisioner(sqs);
            String url = queues.ensureRequestQueue("req", "req-dlq", Duration.ofSeconds(1), 2);
            assertThat(queues.ensureRequestQueue("req", "req-dlq", Duration.ofSeconds(1), 2)).isEqualTo(url);
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            // ElasticMQ 1.6 accepts MaximumMessageSize=1024 but neither keeps nor enforces it (SQS and
            // LocalStack do); WireCodecTest keeps requests far below it.
            assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "1");
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("req-dlq").contains("2");

            sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));
            for (int i = 0; i < 2; i++) { // received and never deleted, twice
                assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages()).hasSize(1);
                Thread.sleep(1200);
            }
            assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
            String dlq = queues.url("req-dlq");
            assertThat(sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(5)).messages())
                    .extracting(Message::body).containsExactly("poison");
        }
    }

    @Test
    void s3ObjectsSurviveARestart() {
        try (LocalAwsStack stack = LocalAwsStack.start(data); S3Client s3 = S3Clients.create(stack.clients())) {
            S3ObjectStore store = new S3ObjectStore(s3);
            store.ensureBucket("kept");
            store.put("kept", "a/b.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain",
                    Map.of("original-name", "b.txt"));
        }
        try (LocalAwsStack stack = LocalAwsStack.start(data); S3Client s3 = S3Clients.create(stack.clients())) {
            S3ObjectStore store = new S3ObjectStore(s3);
            assertThat(store.get("kept", "a/b.txt")).hasValueSatisfying(
                    bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("hello"));
            assertThat(store.get("kept", "missing")).isEmpty();
            assertThat(store.get("no-such-bucket", "x")).isEmpty();
        }
    }

    @Test
    void theEmulatorsCannotBeReachedFromOutsideThisMachine() {
        Optional<InetAddress> external = Reachability.externalAddress();
        assumeTrue(external.isPresent(), "this machine has no address but loopback");
        try (LocalAwsStack stack = LocalAwsStack.start(data)) {
            assertThat(Reachability.connects(InetAddress.getLoopbackAddress(), stack.properties().sqsEndpoint().getPort()))
                    .isTrue();
            assertThat(Reachability.connects(external.get(), stack.properties().sqsEndpoint().getPort()))
                    .as("SQS on " + external.get()).isFalse();
            assertThat(Reachability.connects(external.get(), stack.properties().s3Endpoint().getPort()))
                    .as("S3 on " + external.get()).isFalse();
        }
    }
}
