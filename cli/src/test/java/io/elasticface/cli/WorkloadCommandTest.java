package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.elasticface.wire.WireCodec;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The workload command against a small HTTP server that answers as the course's web tier does:
 * "Paul" for every photo, and 500 for photos named bad*.
 */
class WorkloadCommandTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicReference<String> lastFileName = new AtomicReference<>();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            posts.incrementAndGet();
            Matcher m = Pattern.compile("name=\"inputFile\"; filename=\"([^\".]+)").matcher(body);
            String stem = m.find() ? m.group(1) : "?";
            lastFileName.set(body.replaceAll("(?s).*filename=\"(.*?)\"\r\n.*", "$1"));
            if (stem.startsWith("hang")) {
                return; // never answers
            }
            if (stem.startsWith("late503")) {
                sleep(1500);
            }
            int status = stem.startsWith("bad") ? 500 : stem.startsWith("late503") ? 503 : 200;
            boolean json = exchange.getRequestURI().getPath().equals("/recognize");
            byte[] reply = (json ? "{\"name\":\"Paul\",\"timings\":{\"inferenceMs\":100000}}" : stem + ":Paul")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", json ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        Files.createDirectories(dir.resolve("photos"));
        for (String name : new String[] {"test_000", "test_001", "notes"}) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg",
                    dir.resolve("photos").resolve(name + ".jpg").toFile());
        }
        Files.writeString(dir.resolve("photos").resolve("readme.txt"), "not a photo");
        Files.writeString(dir.resolve("labels.csv"), "Image,Results\ntest_000,Paul\ntest_001,Emily\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsEveryRequestAndCountsCorrectAnswers() throws Exception {
        CommandRun run = CommandRun.run("workload", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--images", dir.resolve("photos").toString(), "--labels", dir.resolve("labels.csv").toString(),
                "--requests", "12", "--concurrency", "4", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode json = WireCodec.mapper().readTree(run.out());
        assertThat(json.get("requests").asInt()).isEqualTo(12);
        assertThat(json.get("failures").asInt()).isZero();
        // 12 posts cycle through notes, test_000, test_001: only test_000 is labelled Paul
        assertThat(json.get("correct").asInt()).isEqualTo(4);
        assertThat(posts.get()).isEqualTo(12);
        assertThat(json.get("averageLatencySeconds").asDouble())
                .isCloseTo(json.get("totalSeconds").asDouble() / 12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("p50Ms").asLong()).isLessThanOrEqualTo(json.get("p99Ms").asLong());
        assertThat(json.get("overheadP50Ms").isNull()).isTrue();
    }

    @Test
    void theJsonEndpointsInferenceTimeGivesThePipelineOverhead() {
        CommandRun run = CommandRun.run("workload", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/recognize",
                "--images", dir.resolve("photos").toString(), "--labels", dir.resolve("labels.csv").toString(),
                "--requests", "3", "--concurrency", "1", "--json");

        JsonNode json = WireCodec.mapper().readTree(run.out());
        assertThat(json.get("correct").asInt()).isEqualTo(1);
        // the stand-in claims 100 s of inference for a request answered in far less: overhead is negative
        assertThat(json.get("overheadP50Ms").asLong()).isLessThan(-90_000);
        assertThat(json.get("p50Ms").asLong()).isLessThan(100_000);
    }

    @Test
    void plotsEachLatencyOverTimeAndTheirHistogram() throws Exception {
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("photos").resolve("bad_1.png").toFile());
        Path plot = dir.resolve("plots").resolve("latency.svg");
        CommandRun run = CommandRun.run("workload", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--images", dir.resolve("photos").toString(), "--requests", "16", "--concurrency", "4",
                "--plot", plot.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(1); // bad_1.png fails, and is drawn apart
        String svg = Files.readString(plot);
        assertThat(Plots.svgText(svg)).contains("answered", "failed (time to the failure)",
                "16 requests, 4 at once: latency of the 12 answered");
        assertThat(Plots.marks(svg)).as("one mark per request").isGreaterThanOrEqualTo(16);
    }

    @Test
    void failedRequestsMakeTheExitStatusNonZero() throws Exception {
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("photos").resolve("bad_1.png").toFile());
        CommandRun run = CommandRun.run("workload", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--images", dir.resolve("photos").toString(), "--requests", "4", "--concurrency", "2");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("requests 4, failures 1");
        assertThat(run.err()).contains("bad_1.png: HTTP 500");
    }

    @Test
    void aMissingFolderIsASentenceNotAStackTrace() {
        CommandRun run = CommandRun.run("workload", "--images", dir.resolve("nowhere").toString());
        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("is not a folder").doesNotContain("Exception");
    }

    @Test
    void aRequestThatNeverAnswersTimesOutAndIsReportedApart() throws Exception {
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("photos").resolve("hang_1.png").toFile());
        CommandRun run = CommandRun.run("workload", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--images", dir.resolve("photos").toString(), "--requests", "4", "--concurrency", "4",
                "--request-timeout", "1s", "--json");

        JsonNode json = WireCodec.mapper().readTree(run.out());
        assertThat(run.status()).isEqualTo(1);
        assertThat(json.get("failures").asInt()).isEqualTo(1);
        assertThat(json.get("failuresByKind").get("timeout").asInt()).isEqualTo(1);
        assertThat(json.get("p99Ms").asLong()).as("the timed-out request is not a latency").isLessThan(1000);
    }

    @Test
    void failuresAreLeftOutOfTheLatencyPercentiles() throws Exception {
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("photos").resolve("late503_1.png").toFile());
        CommandRun run = CommandRun.run("workload", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--images", dir.resolve("photos").toString(), "--requests", "4", "--concurrency", "4", "--json");

        JsonNode json = WireCodec.mapper().readTree(run.out());
        assertThat(json.get("failures").asInt()).isEqualTo(1);
        assertThat(json.get("failuresByKind").get("HTTP 503").asInt()).isEqualTo(1);
        assertThat(json.get("p99Ms").asLong()).as("the 1.5 s failure is not a latency").isLessThan(1500);
    }

    @Test
    void fileNamesAreEscapedInTheMultipartBody() throws Exception {
        Path odd = dir.resolve("odd");
        Files.createDirectories(odd);
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg", odd.resolve("say \"cheese\".jpg").toFile());
        CommandRun run = CommandRun.run("workload", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--images", odd.toString(), "--requests", "1", "--concurrency", "1", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(lastFileName.get()).isEqualTo("say %22cheese%22.jpg");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
