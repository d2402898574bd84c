package io.elasticface.cli.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jayway.jsonpath.JsonPath;
import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.cli.ElasticFace;
import io.elasticface.cli.course.Moto;
import io.elasticface.cli.reliability.Load;
import io.elasticface.cli.reliability.Load.Outcome;
import io.elasticface.cli.reliability.Load.Photo;
import io.elasticface.engine.gallery.Labels;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.NamingProperties;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.S3Clients;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dress rehearsal: the three tiers in the course's profile against moto, one independent implementation
 * of S3, SQS, EC2, SimpleDB and IAM. {@code elasticface local --aws-endpoint} provisions the course's account
 * with the project's own code, the autoscaler starts and stops the pool through the production EC2 adapter, and
 * the instance agent runs a real worker (real model) for each instance EC2 reports running. Two bursts of 100
 * concurrent course photos; every answer, object, SimpleDB item, queue and instance state is checked, and the
 * figures are printed with the prefix {@code REHEARSAL} and appended to {@code target/rehearsal.txt}.
 */
class MotoRehearsalTest {

    private static final String ID = "1234567890";
    /** Instances the autoscaler may run here: the course's 15 would be 15 JVMs with the model on 2 cores. */
    private static final int MAX_RUNNING = 3;
    private static final int REQUESTS = 100;
    /** The unit's ceiling for an app-tier instance of 1 GiB (docs/cse546.md). */
    private static final long WORKER_RSS_LIMIT_MB = 700;

    @TempDir
    static Path dir;

    private static Moto moto;
    private static List<Photo> photos;
    private static Path gallery;

    @BeforeAll
    static void emulatorAndPhotos() throws Exception {
        Path course = Path.of(System.getProperty("elasticface.shared", "../shared"), "datasets", "cse546-faces-enroll");
        assumeTrue(Files.isDirectory(course), "the course photos are absent (" + course.toAbsolutePath()
                + "): the rehearsal needs them");
        moto = Moto.startOrSkip(dir);
        gallery = dir.resolve("course.gallery");
        assertThat(ElasticFace.run("gallery", "build", "--images", course.toString(), "--labels",
                course.resolve("labels.csv").toString(), "--out", gallery.toString())).as("gallery build").isZero();
        photos = new ArrayList<>();
        for (Map.Entry<String, String> label : new TreeMap<>(Labels.read(course.resolve("labels.csv"))).entrySet()) {
            Path file = course.resolve(label.getKey() + ".jpg");
            if (Files.exists(file) && photos.size() < REQUESTS) {
                photos.add(new Photo(file.getFileName().toString(), Files.readAllBytes(file), label.getValue()));
            }
        }
        assertThat(photos).hasSize(REQUESTS);
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theCourseRunsOnAnIndependentEmulatorThroughTheRealEc2Adapter() throws Exception {
        long started = System.nanoTime();
        AwsClients aws = new AwsClients(new AwsProperties(AwsProperties.DEFAULT_REGION, moto.url(), null, null, null, null));
        ResourceNames names = ResourceNames.derive(new NamingProperties("cse546", null, ID, null, null, null, null, null,
                null, null, null));
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        Process local = start(List.of("--aws-endpoint", moto.url().toString(), "--id", ID, "--max-instances",
                Integer.toString(MAX_RUNNING), "--gallery", gallery.toString(), "--port", Integer.toString(port),
                "--data-dir", dir.resolve("data").toString()));
        try (S3Client s3 = S3Clients.create(aws); SqsClient sqs = SqsClients.create(aws);
             Ec2Client ec2 = Ec2Client.builder().region(aws.region()).credentialsProvider(aws.credentials(moto.url()))
                     .endpointOverride(moto.url()).build()) {
            awaitReady(local, url + "/readyz");
            long ready = System.nanoTime();

            StringWriter preflight = new StringWriter();
            int checked = ElasticFace.run(new PrintWriter(preflight), new PrintWriter(preflight),
                    "cse546", "check", "--id", ID, "--endpoint", moto.url().toString());
            assertThat(checked).as("cse546 check before the run:\n" + preflight).isZero();

            Set<String> pool = poolIds(ec2);
            assertThat(pool).hasSize(15);
            Burst first = burst(url, ec2, local);
            first.assertRight(MAX_RUNNING);
            assertThat(first.ran).isSubsetOf(pool);

            // what the grader reads: one object per request in each bucket, in the course's layout
            Map<String, String> out = objects(s3, names.outBucket());
            assertThat(out).hasSize(REQUESTS);
            photos.forEach(p -> assertThat(out).containsEntry(Load.stem(p.fileName()), p.expected()));
            // uploads are kept as <request id>/<file name>: two users' test_000.jpg never collide
            Set<String> uploads = keys(s3, names.inBucket());
            assertThat(uploads).hasSize(REQUESTS).allMatch(k -> k.matches("[0-9a-f-]{36}/test_\\d+\\.jpg"));
            assertThat(uploads.stream().map(k -> k.substring(k.indexOf('/') + 1)).toList())
                    .containsExactlyInAnyOrderElementsOf(photos.stream().map(Photo::fileName).toList());
            assertThat(simpleDbFileNames()).as("one SimpleDB item per request").hasSize(REQUESTS)
                    .containsExactlyInAnyOrderElementsOf(photos.stream().map(Photo::fileName).toList());
            assertEmpty(sqs, names.requestQueue(), names.responseQueue(), names.deadLetterQueue());

            Burst second = burst(url, ec2, local);
            second.assertRight(MAX_RUNNING);
            assertThat(poolIds(ec2)).as("the second run reuses the stopped pool").isEqualTo(pool);
            assertThat(second.ran).isSubsetOf(pool);
            assertThat(allInstances(ec2)).as("no instance created after provisioning").hasSize(pool.size() + 1);
            assertThat(simpleDbFileNames()).hasSize(2 * REQUESTS);
            assertEmpty(sqs, names.requestQueue(), names.responseQueue(), names.deadLetterQueue());

            long workerRss = Math.max(first.workerRssMb.get(), second.workerRssMb.get());
            report(("moto %s rehearsal, course profile, pool of 15, at most %d running: ready in %d s; first burst %s;"
                    + " second burst %s; worker peak RSS %d MB (the unit's settings: -Xmx384m, MALLOC_ARENA_MAX=2, one libtorch thread); whole test %d s")
                    .formatted(motoVersion(), MAX_RUNNING, TimeUnit.NANOSECONDS.toSeconds(ready - started), first, second,
                            workerRss, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
            assertThat(workerRss).as("worker RSS in MB").isPositive().isLessThanOrEqualTo(WORKER_RSS_LIMIT_MB);
        } finally {
            stop(local);
        }
        assertThat(local.descendants().filter(ProcessHandle::isAlive).count()).as("workers left behind").isZero();
    }

    /** One burst of 100 concurrent requests, the pool sampled every 200 ms until it is back at 0. */
    private Burst burst(String url, Ec2Client ec2, Process local) throws InterruptedException {
        Burst burst = new Burst();
        burst.startRunning = CoursePool.running(ec2, ID).size();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    List<Instance> running = CoursePool.running(ec2, ID);
                    burst.peak.accumulateAndGet(running.size(), Math::max);
                    running.forEach(i -> burst.ran.add(i.instanceId()));
                    burst.lastRunning.set(running.size());
                    burst.workerRssMb.accumulateAndGet(workerRssMb(local), Math::max);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // moto busy: sample again
                }
            }
        }, "pool-sampler");
        burst.lastRunning.set(-1);
        sampler.start();
        long start = System.nanoTime();
        burst.outcomes = Load.run(url, photos, REQUESTS, REQUESTS, Duration.ofSeconds(300), n -> { });
        long answered = System.nanoTime();
        burst.wallMillis = TimeUnit.NANOSECONDS.toMillis(answered - start);
        long deadline = answered + TimeUnit.SECONDS.toNanos(120);
        while ((burst.lastRunning.get() != 0 || CoursePool.running(ec2, ID).size() != 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        burst.toZeroMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
        sampling.set(false);
        sampler.join();
        burst.endRunning = CoursePool.running(ec2, ID).size();
        return burst;
    }

    private static final class Burst {
        List<Outcome> outcomes;
        long wallMillis;
        long toZeroMillis;
        int startRunning;
        int endRunning;
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger lastRunning = new AtomicInteger();
        final AtomicLong workerRssMb = new AtomicLong();
        final Set<String> ran = ConcurrentHashMap.newKeySet();

        void assertRight(int max) {
            assertThat(outcomes.stream().filter(o -> !o.right()).toList()).as("wrong or missing answers: "
                    + Load.wrong(outcomes, 5)).isEmpty();
            assertThat(startRunning).as("instances running before the burst").isZero();
            assertThat(peak.get()).as("instances running at the peak").isBetween(2, max);
            assertThat(endRunning).as("instances running after the queue drained").isZero();
        }

        @Override
        public String toString() {
            return "%s in %d ms (course average %.2f s), peak %d running, back to 0 running %.1f s after the last answer"
                    .formatted(Load.summary(outcomes), wallMillis, wallMillis / 1000.0 / outcomes.size(), peak.get(),
                            toZeroMillis / 1000.0);
        }
    }

    /** Instance queries as the grader makes them: by the pool's tag and state. */
    static final class CoursePool {
        static List<Instance> running(Ec2Client ec2, String id) {
            return ec2.describeInstancesPaginator(r -> r.filters(
                            Filter.builder().name("tag:elasticface:pool").values(id).build(),
                            Filter.builder().name("instance-state-name").values("pending", "running").build()))
                    .reservations().stream().flatMap(r -> r.instances().stream()).toList();
        }
    }

    private static Set<String> poolIds(Ec2Client ec2) {
        return ec2.describeInstancesPaginator(r -> r.filters(Filter.builder().name("tag:elasticface:pool").values(ID).build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Instance> allInstances(Ec2Client ec2) {
        return ec2.describeInstancesPaginator(r -> { }).reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    private static Map<String, String> objects(S3Client s3, String bucket) {
        Map<String, String> objects = new HashMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            objects.put(object.key(), s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asUtf8String());
        }
        return objects;
    }

    private static Set<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
                .collect(Collectors.toSet());
    }

    /** SimpleDB items are keyed by request id; moto's own dump (it has no Select) lists their fileName attributes. */
    private static List<String> simpleDbFileNames() throws IOException, InterruptedException {
        return JsonPath.read(moto.data(), "$.sdb.FakeItem[*].attributes[?(@.Name == 'fileName')].Value");
    }

    private static void assertEmpty(SqsClient sqs, String... queues) {
        for (String queue : queues) {
            String queueUrl = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertThat(attributes.values()).as(queue + " visible and in flight").containsOnly("0");
        }
    }

    /** The largest peak resident set (VmHWM) of the local process's worker children, in MB (0 when none runs). */
    private static long workerRssMb(Process local) {
        return local.descendants().mapToLong(p -> {
                    try {
                        Path proc = Path.of("/proc", Long.toString(p.pid()));
                        if (!Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1).contains("\0worker\0")) {
                            return 0;
                        }
                        return Files.readAllLines(proc.resolve("status")).stream()
                                .filter(l -> l.startsWith("VmHWM:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                                .findFirst().orElse(0) / 1024;
                    } catch (IOException e) {
                        return 0; // exited meanwhile
                    }
                }).max().orElse(0);
    }

    private static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(LocalProcessFleet.javaCommand("local", "1g", args));
        // the app-tier unit's settings (deploy/systemd/elasticface-worker.service), which the workers inherit
        // from this process; the fleet adds -Xmx384m and MALLOC_ARENA_MAX=2 as the unit does
        command.addAll(1, List.of("-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("local.log").toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return builder.start();
    }

    private static void awaitReady(Process local, String url) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (true) {
            if (!local.isAlive()) {
                throw new IllegalStateException("local exited with " + local.exitValue() + ":\n" + log());
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("local was not ready within 240 s:\n" + log());
            }
            Thread.sleep(250);
        }
    }

    private static void stop(Process local) throws InterruptedException {
        List<ProcessHandle> children = local.descendants().toList();
        local.destroy();
        if (!local.waitFor(150, TimeUnit.SECONDS)) {
            local.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.onExit().completeOnTimeout(child, 30, TimeUnit.SECONDS).join();
        }
    }

    private static String log() throws IOException {
        Path log = dir.resolve("local.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String motoVersion() {
        try {
            Process p = new ProcessBuilder(Moto.python(), "-c", "import moto; print(moto.__version__)")
                    .redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static void report(String line) throws IOException {
        String text = "REHEARSAL " + line;
        System.out.println(text);
        Files.writeString(Path.of("target", "rehearsal.txt"), text + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
