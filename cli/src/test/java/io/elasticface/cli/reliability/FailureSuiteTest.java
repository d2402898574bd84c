package io.elasticface.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elasticface.cli.ElasticFace;
import io.elasticface.cli.reliability.Load.Outcome;
import io.elasticface.cli.reliability.Load.Photo;
import io.elasticface.cli.reliability.Rig.Tier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Faults injected into the running system (the tiers as real processes, the emulators, the real model on
 * the course's photos), and what the clients see. Every scenario checks that no request is lost, none is
 * answered wrongly, and the result store holds one record per request; it prints its figures with the
 * prefix {@code RELIABILITY} and appends them to {@code target/reliability.txt}.
 *
 * <p>{@code ./mvnw verify} runs the short variants; {@code -Pfailure-suite} the long ones
 * ({@code elasticface.failure-suite=long}) with the sizes RELIABILITY.md reports.
 */
class FailureSuiteTest {

    static final boolean LONG = "long".equals(System.getProperty("elasticface.failure-suite"));
    private static final Duration VISIBILITY = Duration.ofSeconds(5);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(180);

    private static List<Photo> photos;
    private static Path gallery;

    @TempDir
    Path dir;

    @BeforeAll
    static void courseGallery(@TempDir Path shared) throws IOException {
        Path course = Path.of(System.getProperty("elasticface.shared", "../shared"), "datasets", "cse546-faces-enroll");
        assumeTrue(Files.isDirectory(course), "the course photos are absent (" + course.toAbsolutePath()
                + "): the failure suite needs them");
        gallery = shared.resolve("course.gallery");
        int status = ElasticFace.run("gallery", "build", "--images", course.toString(), "--labels",
                course.resolve("labels.csv").toString(), "--out", gallery.toString());
        assertThat(status).as("gallery build").isZero();
        photos = new ArrayList<>();
        for (String line : Files.readAllLines(course.resolve("labels.csv"))) {
            String[] cells = line.split(",");
            Path file = course.resolve(cells[0] + ".jpg");
            if (cells.length == 2 && Files.exists(file)) {
                photos.add(new Photo(cells[0] + ".jpg", Files.readAllBytes(file), cells[1].strip()));
            }
        }
        assertThat(photos).hasSizeGreaterThan(100);
    }

    @Test
    void aWorkerKilledMidRunLosesNothing() throws Exception {
        int count = LONG ? 1000 : 100;
        int concurrency = LONG ? 50 : 20;
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier web = rig.web("web", "512m", Map.of());
            Tier doomed = rig.worker("worker-1", "engine", Map.of());
            Tier survivor = rig.worker("worker-2", "engine", Map.of());
            rig.awaitReady();

            CountDownLatch killed = new CountDownLatch(1);
            List<Outcome> outcomes = Load.run(web.url(), photos, count, concurrency, CLIENT_TIMEOUT, done -> {
                if (done == count / 3) {
                    doomed.kill();
                    killed.countDown();
                }
            });
            assertThat(killed.await(1, TimeUnit.SECONDS)).isTrue();
            // A request the killed worker answered but had not yet deleted comes back after its visibility
            // timeout and is done again (at least once): wait for that before counting.
            awaitEmpty(rig);
            awaitQuiet(rig, "worker-2");

            // the killed worker's log may lack its last lines, so "processed" is a lower bound there
            long processed = rig.processed("worker-1") + rig.processed("worker-2");
            report("kill -9 of a worker after %d of %d answers (concurrency %d): %s; %d processed (at least), %d redelivered"
                    .formatted(count / 3, count, concurrency, Load.summary(outcomes), processed,
                            Math.max(0, processed - count)));
            assertEveryAnswerRight(outcomes);
            assertThat(rig.resultFiles()).as("one result record per request").isEqualTo(count);
            assertThat(rig.messages(rig.names.requestQueue())).isZero();
            assertThat(survivor.process().isAlive()).isTrue();
        }
    }

    @Test
    void aPausedWorkerThatResumesLateAnswersNothingTwice() throws Exception {
        int count = LONG ? 400 : 60;
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier web = rig.web("web", "512m", Map.of());
            Tier paused = rig.worker("worker-1", "engine", Map.of());
            rig.worker("worker-2", "engine", Map.of());
            rig.awaitReady();

            CompletableFuture<Void> pause = new CompletableFuture<>();
            List<Outcome> outcomes = Load.run(web.url(), photos, count, 10, CLIENT_TIMEOUT, done -> {
                if (done == count / 4) {
                    paused.pause(); // SIGSTOP with requests in hand, for longer than their visibility
                    pause.completeAsync(() -> {
                        sleep(VISIBILITY.plusSeconds(4));
                        paused.resume();
                        return null;
                    });
                }
            });
            pause.get(60, TimeUnit.SECONDS);
            awaitQuiet(rig, "worker-1");

            long processed = rig.processed("worker-1") + rig.processed("worker-2");
            report("SIGSTOP of a worker for %d s (visibility %d s) after %d of %d answers: %s; %d processed, %d twice"
                    .formatted(VISIBILITY.plusSeconds(4).toSeconds(), VISIBILITY.toSeconds(), count / 4, count,
                            Load.summary(outcomes), processed, processed - count));
            assertEveryAnswerRight(outcomes);
            assertThat(rig.resultFiles()).as("one result record per request").isEqualTo(count);
        }
    }

    @Test
    void theQueueAndObjectStoreRestartedMidRunLoseNoRequest() throws Exception {
        int count = LONG ? 600 : 90;
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier web = rig.web("web", "512m", Map.of("elasticface.web.reply-timeout", "20s"));
            rig.worker("worker-1", "engine", Map.of());
            rig.worker("worker-2", "engine", Map.of());
            rig.awaitReady();

            CompletableFuture<Void> restart = new CompletableFuture<>();
            List<Outcome> outcomes = Load.run(web.url(), photos, count, 10, CLIENT_TIMEOUT, done -> {
                if (done == count / 3) {
                    restart.completeAsync(() -> {
                        rig.stopStack();
                        sleep(Duration.ofSeconds(3));
                        rig.startStack();
                        return null;
                    });
                }
            });
            restart.get(60, TimeUnit.SECONDS);
            // afterwards everything succeeds, without restarting any tier
            List<Outcome> after = Load.run(web.url(), photos, 30, 10, CLIENT_TIMEOUT, done -> { });

            report("SQS and S3 emulators down 3 s after %d of %d answers: %s; afterwards %s".formatted(count / 3, count,
                    Load.summary(outcomes), Load.summary(after)));
            for (Outcome o : outcomes) {
                // caught in the gap: 503, or 504 naming the request; never silence, never a wrong name
                assertThat(o.right() || o.status() == 503 || (o.status() == 504 && o.body().contains("/results/")))
                        .as("%s -> %d %s", o.photo().fileName(), o.status(), o.body()).isTrue();
            }
            assertEveryAnswerRight(after);
        }
    }

    @Test
    void twoWebTiersOnOneQueueEachGetTheirOwnReplies() throws Exception {
        int count = LONG ? 1000 : 60;
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier a = rig.web("web-a", "512m", Map.of());
            Tier b = rig.web("web-b", "512m", Map.of());
            rig.worker("worker-1", "engine", Map.of());
            rig.worker("worker-2", "engine", Map.of());
            rig.awaitReady();

            CompletableFuture<List<Outcome>> fromA = CompletableFuture.supplyAsync(() ->
                    Load.run(a.url(), photos, count, 10, CLIENT_TIMEOUT, done -> { }));
            List<Photo> reversed = new ArrayList<>(photos);
            java.util.Collections.reverse(reversed);
            List<Outcome> fromB = Load.run(b.url(), reversed, count, 10, CLIENT_TIMEOUT, done -> { });

            report("two web tiers on one request queue, %d requests each: A %s; B %s".formatted(count,
                    Load.summary(fromA.join()), Load.summary(fromB)));
            assertEveryAnswerRight(fromA.join());
            assertEveryAnswerRight(fromB);
            assertThat(rig.resultFiles()).isEqualTo(2L * count);
        }
    }

    @Test
    void manyClientsWaitingAtOnceAreAllAnswered() throws Exception {
        int count = LONG ? 2000 : 300;
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier web = rig.web("web", "512m", Map.of());
            for (int i = 1; i <= 2; i++) {
                rig.worker("worker-" + i, "placeholder", Map.of("elasticface.worker.concurrency", "16"));
            }
            rig.awaitReady();
            List<Photo> tiny = photos.stream().map(p -> new Photo(p.fileName(), p.bytes(), "placeholder")).toList();
            Instant started = Instant.now();
            List<Outcome> outcomes = Load.run(web.url(), tiny, count, count, CLIENT_TIMEOUT, done -> { });

            report("%d clients at once on one web tier (-Xmx512m, placeholder workers): %s in %d s".formatted(count,
                    Load.summary(outcomes), Duration.between(started, Instant.now()).toSeconds()));
            assertEveryAnswerRight(outcomes);
            assertThat(web.process().isAlive()).isTrue();
        }
    }

    @Test
    void hostileUploadsCrashNothingAndRefusedOnesLeaveNothing() throws Exception {
        int count = LONG ? 10_000 : 600;
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier web = rig.web("web", "256m", Map.of());
            Tier worker = rig.worker("worker-1", "engine", Map.of());
            rig.awaitReady();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Map<String, Map<Integer, Integer>> byKind = new TreeMap<>();
            int accepted = 0;
            int failed = 0;
            List<String> fiveHundreds = new ArrayList<>();
            for (HostileUploads.Upload upload : new HostileUploads(546, photos.stream().map(Photo::bytes).limit(10)
                    .toList()).next(count)) {
                HttpResponse<String> response = client.send(multipart(web.url() + "/recognize", upload),
                        HttpResponse.BodyHandlers.ofString());
                byKind.computeIfAbsent(upload.kind(), k -> new TreeMap<>()).merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500) {
                    fiveHundreds.add(upload.kind() + " " + upload.fileName() + " -> " + response.statusCode() + " "
                            + response.body());
                }
                if (response.body().contains("\"id\"")) {
                    accepted++; // stored and queued; a worker answered it (or the 504 names it)
                }
            }
            awaitEmpty(rig);
            int stored;
            try (S3Client s3 = rig.s3()) {
                stored = s3.listObjectsV2Paginator(b -> b.bucket(rig.names.inBucket())).contents().stream()
                        .mapToInt(o -> 1).sum();
            }
            report("upload fuzzer, %d inputs (seed 546): status by kind %s; %d accepted, %d objects stored"
                    .formatted(count, byKind, accepted, stored));
            assertThat(fiveHundreds).as("5xx answers").isEmpty();
            assertThat(stored).as("refused uploads leave nothing in the bucket").isEqualTo(accepted);
            assertThat(web.process().isAlive()).as("web tier (-Xmx256m) alive").isTrue();
            assertThat(worker.process().isAlive()).as("worker alive").isTrue();
        }
    }

    @Test
    void slowClientsTricklingUploadsDoNotSlowTheOthers() throws Exception {
        // more slow clients than request threads: 500 against Tomcat's 400, or 100 against 50 when short
        int slow = LONG ? 500 : 100;
        Duration deadline = Duration.ofSeconds(LONG ? 20 : 12);
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier web = rig.web("web", "512m", LONG ? Map.of("elasticface.web.upload-timeout", deadline.toSeconds() + "s")
                    : Map.of("elasticface.web.upload-timeout", deadline.toSeconds() + "s", "server.tomcat.threads.max", "50"));
            rig.worker("worker-1", "engine", Map.of());
            rig.worker("worker-2", "engine", Map.of());
            rig.awaitReady();
            Load.run(web.url(), photos, 40, 5, CLIENT_TIMEOUT, done -> { }); // warm up
            List<Outcome> before = Load.run(web.url(), photos, 60, 5, CLIENT_TIMEOUT, done -> { });

            URI uri = URI.create(web.url());
            long started = System.nanoTime();
            List<Socket> trickling = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                Socket socket = new Socket(uri.getHost(), uri.getPort());
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                        + "boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n").getBytes(StandardCharsets.US_ASCII));
                trickling.add(socket);
            }
            ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
            drip.scheduleAtFixedRate(() -> trickling.forEach(socket -> {
                try {
                    socket.getOutputStream().write('x');
                } catch (IOException closedByTheServer) {
                    // cut off at the upload deadline: what should happen
                }
            }), 1, 1, TimeUnit.SECONDS);
            List<Outcome> during;
            int cutOff = 0;
            try {
                during = Load.run(web.url(), photos, 60, 5, Duration.ofSeconds(60), done -> { });
                // still dripping: by the deadline (plus a margin) every slow client must have been cut off
                sleep(deadline.plusSeconds(5).minusNanos(System.nanoTime() - started));
                for (Socket socket : trickling) {
                    socket.setSoTimeout(200);
                    try {
                        byte[] head = socket.getInputStream().readNBytes(12);
                        cutOff += head.length < 12 || new String(head, StandardCharsets.US_ASCII).contains(" 408") ? 1 : 0;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // neither answered nor closed
                    } catch (IOException reset) {
                        cutOff++;
                    }
                }
            } finally {
                drip.shutdownNow();
                for (Socket socket : trickling) {
                    socket.close();
                }
            }
            report("%d slow clients sending 1 byte/s: before %s; during %s; %d of %d cut off by the %d s upload deadline"
                    .formatted(slow, Load.summary(before), Load.summary(during), cutOff, slow, deadline.toSeconds()));
            assertEveryAnswerRight(during);
            assertThat(Load.percentile(during, 50)).as("p50 while they trickle (before: %d ms)",
                    Load.percentile(before, 50)).isLessThanOrEqualTo(3 * Load.percentile(before, 50) + 500);
            assertThat(cutOff).as("slow clients answered 408 or closed by the deadline").isEqualTo(slow);
        }
    }

    @Test
    void aSoakLeavesTheWebTierAndWorkersFlat() throws Exception {
        int count = LONG ? 20_000 : 400;
        // long enough for the pools (Tomcat's threads, the SDK's connections) to reach their working size
        int warmUp = Math.max(200, count / 10);
        try (Rig rig = new Rig(dir, VISIBILITY, gallery)) {
            Tier web = rig.web("web", "512m", Map.of());
            Tier worker = rig.worker("worker-1", "engine", Map.of());
            rig.worker("worker-2", "engine", Map.of());
            rig.awaitReady();

            Load.run(web.url(), photos, warmUp, 20, CLIENT_TIMEOUT, done -> { });
            Footprint webWarm = Footprint.of(web.process());
            Footprint workerWarm = Footprint.of(worker.process());
            List<Outcome> outcomes = Load.run(web.url(), photos, count - warmUp, 20, CLIENT_TIMEOUT, done -> { });
            Footprint webEnd = Footprint.of(web.process());
            Footprint workerEnd = Footprint.of(worker.process());

            report("soak of %d requests (concurrency 20) after %d to warm up: %s; web tier %s -> %s; worker %s -> %s"
                    .formatted(count - warmUp, warmUp, Load.summary(outcomes), webWarm, webEnd, workerWarm, workerEnd));
            assertEveryAnswerRight(outcomes);
            webEnd.assertFlatSince(webWarm, "web tier");
            workerEnd.assertFlatSince(workerWarm, "worker");
        }
    }

    /** A process's footprint from /proc and jcmd: heap used after a full GC, RSS, threads, open files. */
    record Footprint(long heapAfterGcMb, long rssMb, long threads, long openFiles) {

        static Footprint of(Process process) throws IOException, InterruptedException {
            long pid = process.pid();
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            run(jcmd.toString(), Long.toString(pid), "GC.run");
            String heap = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
            Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
            long heapKb = used.find() ? Long.parseLong(used.group(1)) : -1;
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
            long rssKb = rss.find() ? Long.parseLong(rss.group(1)) : -1;
            long threads;
            long files;
            try (var t = Files.list(Path.of("/proc", Long.toString(pid), "task"));
                 var f = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                threads = t.count();
                files = f.count();
            }
            return new Footprint(heapKb / 1024, rssKb / 1024, threads, files);
        }

        void assertFlatSince(Footprint warm, String who) {
            assertThat(heapAfterGcMb).as(who + " heap after GC, MB (warm: " + warm + ")").isLessThanOrEqualTo(warm.heapAfterGcMb + 32);
            assertThat(threads).as(who + " threads (warm: " + warm + ")").isLessThanOrEqualTo(warm.threads + 16);
            assertThat(openFiles).as(who + " open files (warm: " + warm + ")").isLessThanOrEqualTo(warm.openFiles + 16);
            assertThat(rssMb).as(who + " RSS, MB (warm: " + warm + ")").isLessThanOrEqualTo(warm.rssMb + warm.rssMb / 4 + 64);
        }

        @Override
        public String toString() {
            return "heap %d MB, RSS %d MB, %d threads, %d files".formatted(heapAfterGcMb, rssMb, threads, openFiles);
        }

        private static String run(String... command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        }
    }

    private static HttpRequest multipart(String url, HostileUploads.Upload upload) {
        String boundary = "----fuzz" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"inputFile\"; filename=\""
                + upload.fileName() + "\"\r\n" + (upload.contentType().isEmpty() ? ""
                : "Content-Type: " + upload.contentType() + "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(upload.bytes());
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).timeout(CLIENT_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    private static void awaitEmpty(Rig rig) {
        for (int i = 0; i < 120 && rig.messages(rig.names.requestQueue()) > 0; i++) {
            sleep(Duration.ofSeconds(1));
        }
    }

    private static void assertEveryAnswerRight(List<Outcome> outcomes) {
        assertThat(Load.wrong(outcomes, 10)).as("wrong or missing answers").isEmpty();
    }

    /** Waits until a worker's log has stopped growing (a resumed worker finishing what it held). */
    private static void awaitQuiet(Rig rig, String worker) {
        long last = -1;
        for (int i = 0; i < 60; i++) {
            long now = rig.processed(worker);
            if (now == last) {
                return;
            }
            last = now;
            sleep(Duration.ofSeconds(2));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void report(String line) {
        String stamped = "RELIABILITY " + (LONG ? "[long] " : "[short] ") + line;
        System.out.println(stamped);
        try {
            Files.writeString(Path.of("target", "reliability.txt"), stamped + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
