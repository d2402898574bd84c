package io.elasticface.cli;

import io.elasticface.app.AppTierApplication;
import io.elasticface.autoscaler.AutoscalerApplication;
import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import io.elasticface.cli.demo.DemoCollection;
import io.elasticface.localaws.LocalAwsStack;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.objectstore.S3ObjectStore;
import io.elasticface.web.WebTierApplication;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole system on this machine: the local AWS stack (ElasticMQ, S3Proxy), the web tier on port 8000
 * and the app tier, until Ctrl-C, which stops them in order: web tier, workers (draining), AWS stack.
 */
@Command(name = "local", mixinStandardHelpOptions = true, description = "Run the whole system locally, against in-process SQS and S3 emulators.")
final class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8000", description = "web tier port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--address", defaultValue = "127.0.0.1", description = "address the web tier listens on "
            + "(default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 to serve other machines too). Everything "
            + "else (emulators, metrics, workers) listens on loopback only")
    String address;

    @Option(names = "--data-dir", defaultValue = ".elasticface/local",
            description = "where S3 objects and results are kept across restarts (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--workers", defaultValue = "1",
            description = "in-process workers when --max-instances is 0 (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--gallery", description = "a gallery file (elasticface gallery build) to upload to the "
            + "local gallery bucket; workers load it, and any newer upload, by themselves")
    Path gallery;

    @Option(names = "--recognizer", defaultValue = "engine",
            description = "engine or placeholder (default ${DEFAULT-VALUE})")
    String recognizer;

    @Option(names = "--max-instances", defaultValue = "2", description = "autoscale worker processes from 0 up to "
            + "this many, as the autoscaler does EC2 instances; 0 runs --workers in-process instead (default ${DEFAULT-VALUE})")
    int maxInstances;

    @Option(names = "--per-instance",
            description = "requests each worker handles at once (default 1 per worker process, as in the course; "
                    + "one per core for in-process workers)")
    Integer perInstance;

    @Option(names = "--aws-endpoint", description = "run against an AWS API emulator at this URL (moto: python3 -m "
            + "moto.server) instead of the built-in ones: the course's resources are provisioned there, the autoscaler "
            + "starts and stops the pool through the EC2 API, and an instance agent runs one worker process for each "
            + "pool instance the API reports running (docs/cse546.md)")
    URI awsEndpoint;

    @Option(names = "--id", description = "with --aws-endpoint: your course ID; names follow the cse546 profile "
            + "(<ID>-in-bucket, ...) and the pool is tagged elasticface:pool=<ID>. Without it, the default names")
    String courseId;

    @Option(names = "--pool-size", defaultValue = "15",
            description = "with --aws-endpoint: stopped app-tier instances to provision (default ${DEFAULT-VALUE})")
    int poolSize;

    @Option(names = "--no-demo", description = "do not enroll the demo collection (two public-domain portraits, "
            + "demo/README.md) into an empty default collection at start")
    boolean noDemo;

    @Option(names = "--grace-seconds", description = "idle time before the autoscaler stops a worker (default 60, "
            + "chosen with bench/idle-grace.sh: a worker kept through a pause saves the next requests a cold start; "
            + "1 with --aws-endpoint, where the course's grader wants a quick return to 0)")
    Integer graceSeconds;

    @Option(names = "--boot-seconds", defaultValue = "0",
            description = "start-up delay of each worker process, imitating an EC2 boot (default ${DEFAULT-VALUE})")
    int bootSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (awsEndpoint != null) {
            return new EndpointMode(this).run(out, spec.commandLine().getErr());
        }
        LocalAwsStack stack = LocalAwsStack.start(dataDir);
        List<AutoCloseable> contexts = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: web tier, then workers (finishing what they hold), then the AWS stack.");
            closeInReverse(contexts, out);
            stack.close();
            stopped.countDown();
        }, "elasticface-local-shutdown"));

        Map<String, Object> settings = settings(stack);
        boolean named = provision(stack, ResourceNames.defaults(), gallery);
        if (maxInstances > 0) {
            contexts.add(AutoscalerApplication.builder().run(args(autoscaler(settings))));
        }
        for (int i = 0; maxInstances == 0 && i < workers; i++) {
            Map<String, Object> worker = new LinkedHashMap<>(settings);
            worker.put("elasticface.worker.id", "local-worker-" + (i + 1));
            worker.put("server.port", 0);
            worker.put("elasticface.worker.recognizer", recognizer);
            if (perInstance != null) {
                worker.put("elasticface.worker.concurrency", processConcurrency());
            }
            contexts.add(AppTierApplication.builder().run(args(worker)));
        }
        Map<String, Object> web = web(settings);
        if (maxInstances > 0) {
            web.put("elasticface.web.autoscaler-url", "http://127.0.0.1:" + (port + 90)); // the console's Live page
        }
        contexts.add(WebTierApplication.builder().run(args(web)));
        boolean demo = false;
        if (!named && !noDemo && "engine".equals(recognizer) && (maxInstances > 0 || workers > 0)) {
            demo = named = DemoCollection.enroll(URI.create("http://127.0.0.1:" + port + "/"),
                    dataDir.resolve("demo"), out);
        }

        out.printf("%nElastic Face is running at http://localhost:%d/ (the console: open it in a browser)%n", port);
        if (demo) {
            out.printf("  try:   curl -F inputFile=@demo/ask/hopper.jpg http://localhost:%d/recognize%n", port);
        }
        out.printf("  try:   curl -F inputFile=@photo.jpg http://localhost:%d/recognize%n", port);
        out.printf("  course: curl -F inputFile=@photo.jpg http://localhost:%d/%n", port);
        out.printf("  metrics at http://127.0.0.1:%d/actuator/prometheus (this machine only)%n", port + 91);
        out.printf("  S3 %s, SQS %s, data in %s%n", stack.properties().s3Endpoint(),
                stack.properties().sqsEndpoint(), dataDir.toAbsolutePath());
        if (maxInstances > 0) {
            out.printf("  autoscaling 0-%d worker processes, metrics at http://127.0.0.1:%d/actuator/prometheus%n",
                    maxInstances, port + 90);
        }
        if (!named) {
            out.println("  nobody enrolled yet: every face is named Unknown. Enroll people on the console's People page,");
            out.println("    or: bin/elasticface subjects add --collection default --images DIR   (one sub-folder per person)");
            out.println("    or build a gallery file and pass it with --gallery:");
            out.println("    bin/elasticface gallery build --images DIR --labels CSV --out my.gallery");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    Map<String, Object> web(Map<String, Object> settings) {
        Map<String, Object> web = new LinkedHashMap<>(settings);
        web.put("server.port", port);
        web.put("server.address", address);
        web.put("management.server.port", port + 91); // metrics, on loopback
        return web;
    }

    static void closeInReverse(List<AutoCloseable> started, PrintWriter out) {
        out.flush();
        synchronized (started) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    out.println("could not stop cleanly: " + e.getMessage());
                }
            }
        }
        out.flush();
    }

    /** Settings every local process gets: the emulators' endpoints and the local result store. */
    private Map<String, Object> settings(LocalAwsStack stack) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("elasticface.aws.s3-endpoint", stack.properties().s3Endpoint().toString());
        settings.put("elasticface.aws.sqs-endpoint", stack.properties().sqsEndpoint().toString());
        // the names provisioned here, whatever the environment says (ELASTICFACE_NAMES_*, profiles)
        settings.put("elasticface.names.scheme", "default");
        settings.put("elasticface.names.prefix", ResourceNames.DEFAULT_PREFIX);
        settings.put("elasticface.results.store", "directory");
        settings.put("elasticface.results.directory", dataDir.resolve("results").toAbsolutePath().toString());
        // this command closes the contexts itself, in order
        settings.put("spring.main.register-shutdown-hook", false);
        return settings;
    }

    int processConcurrency() {
        return perInstance == null ? 1 : perInstance;
    }

    /** The autoscaler with a local fleet: each instance is {@code elasticface worker} in its own process. */
    private Map<String, Object> autoscaler(Map<String, Object> settings) {
        Map<String, Object> worker = new LinkedHashMap<>(settings);
        worker.remove("spring.main.register-shutdown-hook"); // a worker process drains on SIGTERM by itself
        worker.put("elasticface.worker.id", LocalProcessFleet.ID_PLACEHOLDER);
        worker.put("server.port", 0); // several workers on one machine
        worker.put("elasticface.worker.recognizer", recognizer);
        worker.put("elasticface.worker.concurrency", processConcurrency());
        Map<String, Object> scaler = new LinkedHashMap<>(settings);
        scaler.put("server.port", port + 90); // metrics: /actuator/prometheus
        scaler.put("elasticface.autoscaler.provider", "local");
        scaler.put("elasticface.autoscaler.max", maxInstances);
        scaler.put("elasticface.autoscaler.per-instance", processConcurrency());
        scaler.put("elasticface.autoscaler.local.boot-delay", bootSeconds + "s");
        scaler.put("elasticface.autoscaler.grace", grace() + "s");
        scaler.put("elasticface.autoscaler.local.data-dir", dataDir.resolve("fleet").toAbsolutePath().toString());
        String[] workerArgs = args(worker);
        for (int i = 0; i < workerArgs.length; i++) {
            scaler.put("elasticface.autoscaler.local.worker-args[" + i + "]", workerArgs[i]);
        }
        return scaler;
    }

    /** Idle seconds before a stop: BENCHMARKS.md, "Idle time against cold starts". */
    int grace() {
        return graceSeconds != null ? graceSeconds : awsEndpoint != null ? 1 : 60;
    }

    /** As command-line arguments, which take precedence over the tiers' own properties files. */
    static String[] args(Map<String, Object> settings) {
        return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /**
     * Creates what the CloudFormation stack creates on AWS, and uploads the gallery if one is given.
     *
     * @return whether the gallery bucket holds a gallery (given now, or kept from an earlier run)
     */
    static boolean provision(LocalAwsStack stack, ResourceNames names, Path gallery) {
        try (S3Client s3 = S3Clients.create(stack.clients()); SqsClient sqs = SqsClients.create(stack.clients())) {
            ObjectStore store = new S3ObjectStore(s3);
            store.ensureBucket(names.inBucket());
            store.ensureBucket(names.outBucket());
            store.ensureBucket(names.galleryBucket());
            if (gallery != null) {
                store.put(names.galleryBucket(), names.galleryKey(), Files.readAllBytes(gallery),
                        "application/octet-stream", Map.of("source", gallery.getFileName().toString()));
            }
            QueueProvisioner queues = new QueueProvisioner(sqs);
            queues.ensureRequestQueue(names.requestQueue(), names.deadLetterQueue(), Duration.ofSeconds(30), 5);
            queues.ensureResponseQueue(names.responseQueue());
            return store.version(names.galleryBucket(), names.galleryKey()).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gallery " + gallery + ": " + e.getMessage(), e);
        }
    }
}
