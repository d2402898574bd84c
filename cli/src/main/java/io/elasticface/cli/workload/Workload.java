package io.elasticface.cli.workload;

import io.elasticface.cli.api.Multipart;
import io.elasticface.cli.api.ProgressBar;
import io.elasticface.naming.FileNames;
import io.elasticface.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Posts photos to a web tier as the course's workload generator does (multipart field {@code inputFile}),
 * with a bounded number at once, and measures every request.
 */
public final class Workload {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI url;
    private final Map<String, String> labels;
    private final PrintWriter progress;
    private final ProgressBar bar;
    private final Duration timeout;

    /**
     * @param labels   file name without extension → expected name; empty when not checking answers
     * @param progress where the progress bar goes (stderr), or null for none
     * @param timeout  how long one request may take before it counts as a timeout
     */
    public Workload(URI url, Map<String, String> labels, PrintWriter progress, Duration timeout) {
        this.url = url;
        this.labels = labels;
        this.progress = progress;
        this.bar = new ProgressBar(progress);
        this.timeout = timeout;
    }

    /**
     * One request's outcome; {@code inferenceMs} is -1 when the answer did not say, {@code failure} the
     * kind of failure ({@code timeout}, {@code HTTP 503}, {@code connection}, ...) or null when answered.
     */
    record Outcome(long startedMs, long latencyMs, long inferenceMs, String failure, boolean correct, String detail) {

        boolean ok() {
            return failure == null;
        }
    }

    /**
     * One request's timing, for plots: when it was sent (ms after the first), how long its answer took, and its
     * failure's kind (null when answered).
     */
    public record Timing(long startedMs, long latencyMs, String failure) {
    }

    /** Posts {@code requests} photos, cycling through {@code images}, {@code concurrency} at once. */
    public Summary run(List<Path> images, int requests, int concurrency) throws InterruptedException {
        return run(images, requests, concurrency, timing -> { });
    }

    /** As {@link #run(List, int, int)}, handing {@code timings} each request's timing, in request order. */
    public Summary run(List<Path> images, int requests, int concurrency, Consumer<Timing> timings)
            throws InterruptedException {
        AtomicInteger done = new AtomicInteger();
        List<Future<Outcome>> futures = new ArrayList<>();
        // like the course's generator: a pool of `concurrency` threads, every request submitted at once
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            Path image = images.get(i % images.size());
            futures.add(pool.submit(() -> {
                try {
                    return post(image, start);
                } finally {
                    draw(done.incrementAndGet(), requests);
                }
            }));
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS)) {
            Thread.onSpinWait();
        }
        double total = (System.nanoTime() - start) / 1e9;
        // latencies of answered requests only: a timeout or an error page is not a latency
        List<Long> latencies = new ArrayList<>();
        List<Long> overheads = new ArrayList<>();
        Map<String, Integer> failures = new TreeMap<>();
        int failed = 0;
        int correct = 0;
        for (int i = 0; i < requests; i++) {
            Outcome outcome = join(futures.get(i));
            timings.accept(new Timing(outcome.startedMs(), outcome.latencyMs(), outcome.failure()));
            if (outcome.ok()) {
                latencies.add(outcome.latencyMs());
                if (outcome.inferenceMs() >= 0) {
                    overheads.add(outcome.latencyMs() - outcome.inferenceMs());
                }
            } else {
                failures.merge(outcome.failure(), 1, Integer::sum);
                if (progress != null && ++failed <= 5) {
                    progress.println("failed: " + outcome.detail());
                }
            }
            correct += outcome.correct() ? 1 : 0;
        }
        if (progress != null) {
            progress.flush();
        }
        return Summary.of(requests, latencies.stream().mapToLong(Long::longValue).toArray(),
                overheads.stream().mapToLong(Long::longValue).toArray(), failures,
                labels.isEmpty() ? null : correct, total);
    }

    private Outcome post(Path image, long workloadStart) {
        String fileName = image.getFileName().toString();
        long start = System.nanoTime();
        long started = (start - workloadStart) / 1_000_000;
        try {
            HttpResponse<String> response = http.send(multipart(fileName, Files.readAllBytes(image)),
                    HttpResponse.BodyHandlers.ofString());
            long latency = (System.nanoTime() - start) / 1_000_000;
            if (response.statusCode() != 200) {
                return new Outcome(started, latency, -1, "HTTP " + response.statusCode(), false, fileName + ": HTTP "
                        + response.statusCode() + " " + response.body().strip());
            }
            String expected = labels.get(FileNames.stem(fileName));
            Answer answer;
            try {
                answer = Answer.of(response);
            } catch (RuntimeException unreadable) {
                return new Outcome(started, latency, -1, "unreadable answer", false, fileName + ": unreadable answer: "
                        + response.body().strip());
            }
            return new Outcome(started, latency, answer.inferenceMs(), null,
                    expected != null && expected.equals(answer.name()), fileName);
        } catch (HttpTimeoutException e) {
            return new Outcome(started, (System.nanoTime() - start) / 1_000_000, -1, "timeout", false,
                    fileName + ": no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome(started, (System.nanoTime() - start) / 1_000_000, -1, "connection", false,
                    fileName + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(started, 0, -1, "interrupted", false, fileName + ": interrupted");
        }
    }

    /** What an answer says: the name (after ':' in the course's text, "name" in JSON) and, in JSON, the
     *  worker's inference time. */
    record Answer(String name, long inferenceMs) {
        static Answer of(HttpResponse<String> response) {
            String body = response.body().strip();
            if (!response.headers().firstValue("Content-Type").orElse("").contains("json")) {
                return new Answer(body.substring(body.indexOf(':') + 1), -1);
            }
            var json = WireCodec.mapper().readTree(body);
            var name = json.get("name");
            var inference = json.path("timings").get("inferenceMs");
            return new Answer(name == null ? null : name.asString(), inference == null ? -1 : inference.asLong());
        }
    }

    private HttpRequest multipart(String fileName, byte[] bytes) {
        return new Multipart().file("inputFile", fileName, bytes).post(HttpRequest.newBuilder(url).timeout(timeout))
                .build();
    }

    /** A file name inside the form's quoted {@code filename} parameter ({@link Multipart#escape}). */
    static String escape(String fileName) {
        return Multipart.escape(fileName);
    }

    private void draw(int done, int total) {
        bar.draw(done, total, "");
    }

    private static Outcome join(Future<Outcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }
}
