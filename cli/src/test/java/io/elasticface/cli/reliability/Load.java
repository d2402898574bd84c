package io.elasticface.cli.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Sends photos to the course endpoint ({@code POST /}, answer {@code stem:name}) at a fixed concurrency and
 * keeps every outcome, so that a test can check each request was answered once and rightly.
 */
public final class Load {

    /** One photo to send and the answer it must get. */
    public record Photo(String fileName, byte[] bytes, String expected) {
    }

    /**
     * What one request got: the status (-1 when the connection failed or timed out), the body, and the
     * time to the answer.
     */
    public record Outcome(Photo photo, int status, String body, long millis) {

        public boolean right() {
            return status == 200 && body.equals(stem(photo.fileName()) + ":" + photo.expected());
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Load() {
    }

    /**
     * Sends {@code count} requests, cycling through the photos, at most {@code concurrency} at once.
     * {@code progress} hears the number of answers so far (to kill or pause something midway).
     */
    public static List<Outcome> run(String url, List<Photo> photos, int count, int concurrency, Duration timeout,
                             IntConsumer progress) {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Outcome>> futures = new ArrayList<>(count);
        int[] done = {0};
        for (int i = 0; i < count; i++) {
            Photo photo = photos.get(i % photos.size());
            slots.acquireUninterruptibly();
            long started = System.nanoTime();
            futures.add(CLIENT.sendAsync(request(url + "/", photo, timeout), HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> new Outcome(photo, e == null ? r.statusCode() : -1,
                            e == null ? r.body() : String.valueOf(e), (System.nanoTime() - started) / 1_000_000))
                    .whenComplete((o, e) -> {
                        slots.release();
                        int n;
                        synchronized (done) {
                            n = ++done[0];
                        }
                        progress.accept(n);
                    }));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    static HttpRequest request(String url, Photo photo, Duration timeout) {
        String boundary = "----reliability" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"inputFile\"; filename=\""
                    + photo.fileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(photo.bytes());
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    /** Counts of outcomes by status, e.g. {200=998, 504=2}. */
    public static Map<Integer, Long> byStatus(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::status, java.util.TreeMap::new,
                Collectors.counting()));
    }

    /** The p-th percentile of the answers' times, in ms (nearest rank). */
    public static long percentile(List<Outcome> outcomes, double p) {
        long[] millis = outcomes.stream().filter(o -> o.status() == 200).mapToLong(Outcome::millis).sorted().toArray();
        if (millis.length == 0) {
            return -1;
        }
        return millis[Math.max(0, (int) Math.ceil(p / 100 * millis.length) - 1)];
    }

    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    public static String summary(List<Outcome> outcomes) {
        long right = outcomes.stream().filter(Outcome::right).count();
        return "%d requests: %s, %d right, p50 %d ms, p99 %d ms".formatted(outcomes.size(), byStatus(outcomes), right,
                percentile(outcomes, 50), percentile(outcomes, 99));
    }

    public static List<String> wrong(List<Outcome> outcomes, int limit) {
        return outcomes.stream().filter(o -> !o.right()).limit(limit)
                .map(o -> o.photo().fileName() + " -> " + o.status() + " " + o.body()).toList();
    }
}
