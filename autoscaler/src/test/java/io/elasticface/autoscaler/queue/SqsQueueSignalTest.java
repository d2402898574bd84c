package io.elasticface.autoscaler.queue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.elasticface.autoscaler.policy.Decision;
import io.elasticface.autoscaler.policy.Member;
import io.elasticface.autoscaler.policy.Observation;
import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.policy.QueuePolicy;
import io.elasticface.autoscaler.policy.ScalingSettings;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.messaging.SqsClients;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS signal against WireMock speaking SQS's JSON protocol. */
class SqsQueueSignalTest {

    private final WireMockServer sqsApi = new WireMockServer(options().dynamicPort());

    @AfterEach
    void stop() {
        sqsApi.stop();
    }

    @Test
    void readsVisibleAndInFlightResolvingTheUrlOnce() {
        answering("{\"ApproximateNumberOfMessages\":\"7\",\"ApproximateNumberOfMessagesNotVisible\":\"3\"}");

        try (SqsClient sqs = client()) {
            SqsQueueSignal signal = new SqsQueueSignal(sqs, "elasticface-req-queue");
            assertThat(signal.read()).isEqualTo(new QueueDepth(7, 3));
            assertThat(signal.read()).isEqualTo(new QueueDepth(7, 3));
        }
        assertThat(sqsApi.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSQS.GetQueueUrl")))).hasSize(1);
    }

    @Test
    void aMissingInFlightCountNeverOpensTheScaleInGate() {
        // an answer without ApproximateNumberOfMessagesNotVisible: work may well be in flight
        answering("{\"ApproximateNumberOfMessages\":\"0\"}");

        try (SqsClient sqs = client()) {
            QueueDepth depth = new SqsQueueSignal(sqs, "elasticface-req-queue").read();
            Instant now = Instant.parse("2026-12-03T00:00:00Z");
            Decision decision = new QueuePolicy(new ScalingSettings(0, 4, 1, Duration.ofSeconds(1))).decide(
                    new Observation(now, depth, List.of(Member.running("i-1", now.minusSeconds(3600)))));
            assertThat(decision.stop()).as(decision.reason()).isEmpty();
        }
    }

    @Test
    void aMissingWaitingCountIsAnError() {
        answering("{}");

        try (SqsClient sqs = client()) {
            assertThatThrownBy(() -> new SqsQueueSignal(sqs, "elasticface-req-queue").read())
                    .hasMessageContaining("ApproximateNumberOfMessages");
        }
    }

    /** Starts the stand-in: the queue's URL, and GetQueueAttributes answering these attributes. */
    private void answering(String attributes) {
        sqsApi.start();
        String url = sqsApi.baseUrl() + "/000000000000/elasticface-req-queue";
        sqsApi.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.GetQueueUrl"))
                .willReturn(json("{\"QueueUrl\":\"" + url + "\"}")));
        sqsApi.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.GetQueueAttributes"))
                .willReturn(json("{\"Attributes\":" + attributes + "}")));
    }

    private SqsClient client() {
        return SqsClients.create(new AwsClients(AwsProperties.emulators(null, URI.create(sqsApi.baseUrl()))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }
}
