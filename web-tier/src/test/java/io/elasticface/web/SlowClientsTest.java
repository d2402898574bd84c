package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.testing.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Clients that send their upload one byte a second hold no request thread: with a pool of 8 threads and 50
 * such clients, other requests are answered at once, and each slow client is cut off at the upload deadline.
 */
class SlowClientsTest {

    private static final LocalSystem system = LocalSystem.get();
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(6);
    private static final int SLOW_CLIENTS = 50;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static int port;
    private static String base;

    @BeforeAll
    static void start() {
        contexts.add(system.startWorker("slow-clients-worker", Map.of()));
        ConfigurableApplicationContext web = system.startWeb("slow-clients-replies", Map.of(
                "server.tomcat.threads.max", 8, "server.tomcat.threads.min-spare", 2,
                "elasticface.web.upload-timeout", UPLOAD_TIMEOUT.toSeconds() + "s"));
        contexts.add(web);
        port = ((WebServerApplicationContext) web).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }

    @Test
    void slowUploadsHoldNoThreadAndAreCutOffAtTheDeadline() throws Exception {
        // the worker's first request is slow (clients, JIT): not the one to time
        assertThat(Http.upload(base + "/", "inputFile", "warm.png", TestImages.encode(8, 8, "png")).body())
                .isEqualTo("warm:placeholder");
        long answered408Before = requestsAnswered(408);
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(slowUpload(i % 2 == 0 ? "/" : "/recognize"));
            }
            // one byte a second on every socket, as long as the server keeps it open
            trickle.scheduleAtFixedRate(() -> slow.forEach(SlowClientsTest::sendOneByte), 0, 1, TimeUnit.SECONDS);
            Thread.sleep(1_500); // every slow client is inside its body now

            long started = System.nanoTime();
            HttpResponse<String> missing = Http.get(base + "/results/00000000-0000-0000-0000-000000000000",
                    Duration.ofSeconds(3));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).startsWith("{\"status\":404,");
            HttpResponse<String> upload = Http.upload(base + "/", "inputFile", "quick.png",
                    TestImages.encode(12, 12, "png"), Duration.ofSeconds(3));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
            assertThat(upload.body()).isEqualTo("quick:placeholder");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(UPLOAD_TIMEOUT);

            long deadline = started + UPLOAD_TIMEOUT.plusSeconds(10).toNanos();
            for (Socket socket : slow) {
                assertThat(answer(socket, deadline)).as("a slow client's answer").matches("HTTP/1.1 408 .*|closed");
            }
            // each late upload is one request, counted once, as what it was
            assertThat(meters().find("http.server.requests").timers()).allSatisfy(timer -> assertThat(
                    timer.getId().getTag("uri")).as("%s", timer.getId()).isNotEqualTo("UNKNOWN"));
            assertThat(requestsAnswered(408) - answered408Before).isEqualTo(SLOW_CLIENTS);
        } finally {
            trickle.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Nothing after the headers: at the deadline, a 408 in the endpoint's format, and the connection closes. */
    @Test
    void aSilentClientIsAnswered408InItsEndpointsFormatAndClosed() throws Exception {
        String sentence = "the upload did not arrive within 6s: 0 of 10000 bytes came";
        long started = System.nanoTime();
        try (Socket course = slowUpload("/"); Socket recognize = slowUpload("/recognize")) {
            for (Socket socket : List.of(course, recognize)) {
                socket.setSoTimeout((int) UPLOAD_TIMEOUT.plusSeconds(10).toMillis());
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(response).startsWith("HTTP/1.1 408 ").containsIgnoringCase("\r\nConnection: close\r\n")
                        .endsWith(socket == course ? "\r\n\r\n" + sentence
                                : "\r\n\r\n{\"status\":408,\"error\":\"" + sentence + "\"}");
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(UPLOAD_TIMEOUT,
                UPLOAD_TIMEOUT.plusSeconds(3));
    }

    private static MeterRegistry meters() {
        return contexts.get(1).getBean(MeterRegistry.class);
    }

    private static long requestsAnswered(int status) {
        return meters().find("http.server.requests").tag("status", Integer.toString(status)).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    /** A multipart upload whose headers arrive at once and whose body never will (1 byte a second of 10,000). */
    private static Socket slowUpload(String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: multipart/form-data; boundary=slow\r\nContent-Length: 10000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static void sendOneByte(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write('-');
            out.flush();
        } catch (IOException closedByTheServer) {
            // the server gave up on it: that is what the test expects, eventually
        }
    }

    /** The status line the server answered with, or "closed" if it closed without one. */
    private static String answer(Socket socket, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertThat(left).as("a slow client was neither answered nor closed in time").isPositive();
                socket.setSoTimeout((int) left);
                int b = in.read();
                if (b < 0 || b == '\r') {
                    break;
                }
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("a slow client was neither answered nor closed in time", e);
        } catch (IOException reset) {
            return "closed";
        }
        return line.isEmpty() ? "closed" : line.toString();
    }
}
