package io.elasticface.app.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The worker's status over HTTP, at the paths Actuator uses: {@code /actuator/health} (and its {@code /liveness} and
 * {@code /readiness} groups) and {@code /actuator/prometheus}. A worker serves no users, so it runs the JDK's small
 * HTTP server instead of a servlet container: Tomcat and Spring MVC cost half a second of every start
 * (BENCHMARKS.md, "A lean worker"). Ready means able to answer: Spring has started, the face engine has loaded,
 * and the worker is not stopping (while it drains, the status says so: it serves until the listener has stopped).
 */
public final class StatusServer implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final StatusAddress address;
    private final ApplicationAvailability availability;
    private final BooleanSupplier engineReady;
    private final PrometheusMeterRegistry metrics;
    private volatile HttpServer server;
    private volatile boolean closing;
    private ExecutorService threads;

    public StatusServer(StatusAddress address, ApplicationAvailability availability, BooleanSupplier engineReady,
                        PrometheusMeterRegistry metrics) {
        this.address = address;
        this.availability = availability;
        this.engineReady = engineReady;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(address.address(), address.port()), 0);
            http.createContext("/actuator/health", this::health);
            http.createContext("/actuator/prometheus", this::prometheus);
            threads = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "status-http");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(threads);
            http.start();
            server = http;
            log.info("Worker status at http://{}:{}/actuator/health", address.address(), port());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the worker's status on " + address.address() + ":"
                    + address.port() + " (set server.port, or 0 for any free port)", e);
        }
    }

    @Override
    public void stop() {
        HttpServer http = server;
        if (http != null) {
            http.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Starts before the listener polls and stops after it has drained. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /** The context is closing: no longer ready, before any lifecycle stops. */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }

    /** The port it listens on (the chosen one when configured as 0), or -1 when stopped. */
    public int port() {
        HttpServer http = server;
        return http == null ? -1 : http.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        boolean live = availability.getLivenessState() == LivenessState.CORRECT;
        boolean ready = !closing && availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
                && engineReady.getAsBoolean();
        String path = exchange.getRequestURI().getPath();
        Boolean up = switch (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) {
            case "/actuator/health/liveness" -> live;
            case "/actuator/health/readiness", "/actuator/health" -> live && ready;
            default -> null;
        };
        if (up == null) {
            reply(exchange, 404, "application/json", "{\"error\":\"no health group at " + path + "\"}");
        } else {
            reply(exchange, up ? 200 : 503, "application/json",
                    "{\"status\":\"" + (up ? "UP" : "OUT_OF_SERVICE") + "\"}");
        }
    }

    private void prometheus(HttpExchange exchange) throws IOException {
        reply(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(method);
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
