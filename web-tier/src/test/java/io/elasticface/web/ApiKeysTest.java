package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.testing.TestImages;
import io.elasticface.wire.WireCodec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** With {@code elasticface.web.api-keys} set, everything but the course's endpoint and health needs a key. */
class ApiKeysTest {

    private static ConfigurableApplicationContext web;
    private static String base;
    private static String management;

    @BeforeAll
    static void start() {
        // no worker: the course's endpoint is let through and times out (504), which is not a 401; on a request
        // queue of its own, so that what it leaves there is no other test's business
        LocalSystem system = LocalSystem.get();
        new QueueProvisioner(system.sqs).ensureRequestQueue("api-key-requests", "api-key-requests-dlq",
                Duration.ofSeconds(5), 3);
        web = system.startWeb("api-key-replies", Map.of("elasticface.web.api-keys", "first-key,second-key",
                "elasticface.web.reply-timeout", "2s", "elasticface.names.request-queue", "api-key-requests"));
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort();
        management = "http://127.0.0.1:" + web.getEnvironment().getProperty("local.management.port");
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void theCollectionApiNeedsOneOfTheKeys() {
        HttpResponse<String> none = Http.get(base + "/collections");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(WireCodec.mapper().readTree(none.body()).get("reason").asString()).isEqualTo("API_KEY_REQUIRED");
        assertThat(withKey(base + "/collections", "third-key").statusCode()).isEqualTo(401);
        assertThat(withKey(base + "/collections", "second-key").statusCode()).isEqualTo(200);
        assertThat(Http.get(base + "/v3/api-docs").statusCode()).isEqualTo(401);
        assertThat(Http.upload(base + "/recognize", "inputFile", "a.png", TestImages.encode(64, 64, "png"))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void theCoursesEndpointHealthAndMetricsNeedNone() {
        assertThat(Http.upload(base + "/", "inputFile", "a.png", TestImages.encode(64, 64, "png")).statusCode())
                .as("let through, then no worker answers").isEqualTo(504);
        assertThat(Http.get(base + "/livez").statusCode()).isEqualTo(200);
        assertThat(Http.get(management + "/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> withKey(String url, String key) {
        return Http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", key).GET().build());
    }
}
