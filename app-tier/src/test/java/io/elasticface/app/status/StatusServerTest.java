package io.elasticface.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;

/** The worker's status server answers at Actuator's paths, and is ready only once Spring and the engine are. */
class StatusServerTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final AtomicBoolean engineReady = new AtomicBoolean();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newHttpClient();
    private StatusServer server;

    @BeforeEach
    void start() {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, LivenessState.CORRECT));
        server = new StatusServer(new StatusAddress(0, "127.0.0.1"), availability, engineReady::get, metrics);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void readyOnlyWhenSpringHasStartedAndTheEngineHasLoaded() throws Exception {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);

        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        HttpResponse<String> loading = get("/actuator/health/readiness");
        assertThat(loading.statusCode()).isEqualTo(503);
        assertThat(loading.body()).contains("OUT_OF_SERVICE");

        engineReady.set(true);
        HttpResponse<String> ready = get("/actuator/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);

        // draining: the context closes before the listener stops, and the status still answers
        server.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
        assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void refusingTrafficIsNotReady() throws Exception {
        engineReady.set(true);
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
    }

    @Test
    void servesTheRegistryInPrometheusTextFormat() throws Exception {
        metrics.counter("elasticface.worker.replies", "status", "OK").increment(3);
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(scrape.body()).contains("elasticface_worker_replies_total{status=\"OK\"} 3.0");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/actuator/health/startup").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url("/actuator/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void stopsListening() {
        int port = server.port();
        assertThat(port).isPositive();
        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThat(server.port()).isEqualTo(-1);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
