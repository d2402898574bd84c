package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.testing.TestImages;
import io.elasticface.wire.WireCodec;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton, really exercised: web tier → S3 (S3Proxy) → SQS (ElasticMQ) → worker → SQS →
 * web tier, with the placeholder recognizer, whose "face" is the whole image: its box tells which upload a
 * reply answers.
 */
class RequestPathTest {

    private static final LocalSystem system = LocalSystem.get();
    private static ConfigurableApplicationContext worker;
    private static ConfigurableApplicationContext web;
    private static String base;

    @BeforeAll
    static void start() {
        worker = system.startWorker("path-worker", Map.of("elasticface.worker.concurrency", 4));
        web = system.startWeb("path-test-replies", Map.of());
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        web.close();
        worker.close();
    }

    @Test
    void recognizeAnswersJsonThroughS3AndSqs() {
        HttpResponse<String> response = Http.upload(base + "/recognize", "inputFile", "photo.jpg",
                TestImages.encode(64, 48, "jpg"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = WireCodec.mapper().readTree(response.body());
        String id = json.get("id").asString();
        assertThat(json.get("fileName").asString()).isEqualTo("photo.jpg");
        assertThat(json.get("status").asString()).isEqualTo("OK");
        assertThat(json.get("recognizer").asString()).isEqualTo("placeholder");
        assertThat(json.get("faces").get(0).get("box").get("right").asInt()).isEqualTo(64);
        assertThat(json.get("worker").asString()).isEqualTo("path-worker");

        assertThat(system.s3.getObjectAsBytes(b -> b.bucket(system.names.inBucket()).key(id + "/photo.jpg"))
                .asByteArray()).hasSizeGreaterThan(100);
        assertThat(system.s3.getObjectAsBytes(b -> b.bucket(system.names.outBucket()).key("photo")).asUtf8String())
                .isEqualTo("placeholder");
        HttpResponse<String> stored = Http.get(base + "/results/" + id);
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(WireCodec.mapper().readTree(stored.body()).get("id").asString()).isEqualTo(id);
    }

    @Test
    void courseEndpointAnswersNameColonPrediction() {
        HttpResponse<String> response = Http.upload(base + "/", "inputFile", "test_000.jpg",
                TestImages.encode(32, 32, "png"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("test_000:placeholder");
    }

    @Test
    void duplicateFileNamesAtOnceAreSeparateRequests() {
        List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
        for (int width = 20; width < 40; width++) {
            byte[] image = TestImages.encode(width, 10, "png");
            uploads.add(CompletableFuture.supplyAsync(() -> Http.upload(base + "/recognize", "inputFile", "a.jpg",
                    image)));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            HttpResponse<String> response = uploads.get(i).join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode json = WireCodec.mapper().readTree(response.body());
            // each reply answers its own upload: the placeholder's box is that upload's size
            assertThat(json.get("faces").get(0).get("box").get("right").asInt()).isEqualTo(20 + i);
            ids.add(json.get("id").asString());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void resultsOfUnknownIdsAre404AndHostileIds400() {
        assertThat(Http.get(base + "/results/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
        assertThat(Http.get(base + "/results/..%2F..%2Fetc").statusCode()).isEqualTo(400);
    }
}
