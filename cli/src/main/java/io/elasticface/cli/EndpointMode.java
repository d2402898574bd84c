package io.elasticface.cli;

import io.elasticface.autoscaler.AutoscalerApplication;
import io.elasticface.autoscaler.fleet.ec2.Backoff;
import io.elasticface.autoscaler.fleet.ec2.Ec2InstanceProvider;
import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.cli.agent.InstanceAgent;
import io.elasticface.cli.course.CourseAccount;
import io.elasticface.cli.course.Reach;
import io.elasticface.naming.NamingProperties;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.objectstore.S3ObjectStore;
import io.elasticface.web.WebTierApplication;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code elasticface local --aws-endpoint URL}: the system against an AWS API emulator (moto) instead of the
 * built-in ones. The course's account is provisioned there ({@link CourseAccount}); the web tier and the
 * autoscaler, with its production EC2 adapter, run in this process; an {@link InstanceAgent} gives each pool
 * instance the EC2 API reports running a worker process. Ctrl-C stops the web tier, the autoscaler, then the
 * workers (draining).
 */
final class EndpointMode {

    private final LocalCommand options;

    EndpointMode(LocalCommand options) {
        this.options = options;
    }

    Integer run(PrintWriter out, PrintWriter err) throws InterruptedException {
        if (options.maxInstances < 1) {
            err.println("elasticface local: --aws-endpoint needs --max-instances of 1 or more (the pool's workers "
                    + "are the emulated instances').");
            return 2;
        }
        NamingProperties naming = options.courseId == null
                ? new NamingProperties("default", ResourceNames.DEFAULT_PREFIX, null, null, null, null, null, null,
                        null, null, null)
                : new NamingProperties("cse546", null, options.courseId, null, null, null, null, null, null, null,
                        null);
        ResourceNames names;
        try {
            names = ResourceNames.derive(naming);
        } catch (IllegalArgumentException e) {
            err.println("elasticface local: --id must be your course ID: letters, digits and dashes.");
            return 2;
        }
        String poolId = options.courseId == null ? ResourceNames.DEFAULT_PREFIX : options.courseId;
        AwsClients aws = new AwsClients(new AwsProperties(AwsProperties.DEFAULT_REGION, options.awsEndpoint, null, null,
                null, null));
        Optional<String> problem = Reach.problem(aws);
        if (problem.isPresent()) {
            err.println("elasticface local: " + problem.get());
            return 2;
        }
        out.printf("Provisioning at %s (the course's resources for %s):%n", options.awsEndpoint,
                options.courseId == null ? "the default names" : "ID " + options.courseId);
        out.flush();
        List<String> pool;
        boolean named;
        try {
            pool = new CourseAccount(aws, names, poolId, line -> {
                out.println(line);
                out.flush();
            }).provision(options.poolSize);
            named = uploadGallery(aws, names);
        } catch (CourseAccount.StepFailed e) {
            err.println("elasticface local: provisioning stopped: " + e.getMessage());
            return 1;
        }

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("elasticface.aws.endpoint", options.awsEndpoint.toString());
        if (options.courseId != null) {
            settings.put("spring.profiles.active", "cse546");
            settings.put("elasticface.names.scheme", "cse546");
            settings.put("elasticface.names.id", options.courseId);
        } else {
            settings.put("elasticface.names.scheme", "default");
            settings.put("elasticface.names.prefix", ResourceNames.DEFAULT_PREFIX);
        }
        settings.put("elasticface.results.store", "simpledb");
        settings.put("spring.main.register-shutdown-hook", false);

        List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: web tier, autoscaler, then the workers (finishing what they hold).");
            LocalCommand.closeInReverse(started, out);
            stopped.countDown();
        }, "elasticface-local-shutdown"));

        Map<String, Object> worker = new LinkedHashMap<>(settings);
        worker.remove("spring.main.register-shutdown-hook"); // a worker process drains on SIGTERM by itself
        worker.put("elasticface.worker.id", LocalProcessFleet.ID_PLACEHOLDER);
        worker.put("server.port", 0);
        worker.put("elasticface.worker.recognizer", options.recognizer);
        worker.put("elasticface.worker.concurrency", options.processConcurrency());
        Map<String, Object> scaler = new LinkedHashMap<>(settings);
        scaler.put("server.port", options.port + 90);
        scaler.put("elasticface.autoscaler.provider", "ec2");
        scaler.put("elasticface.autoscaler.grace", options.grace() + "s");
        scaler.put("elasticface.autoscaler.max", options.maxInstances);
        scaler.put("elasticface.autoscaler.per-instance", options.processConcurrency());
        try {
            started.add(step("the instance agent", () -> {
                LocalProcessFleet workers = new LocalProcessFleet(pool,
                        LocalProcessFleet.defaultCommand(List.of(LocalCommand.args(worker))),
                        options.dataDir.resolve("fleet").toAbsolutePath(), Duration.ofSeconds(options.bootSeconds),
                        Duration.ofSeconds(90));
                Ec2InstanceProvider ec2 = new Ec2InstanceProvider(Ec2InstanceProvider.client(aws),
                        Ec2InstanceProvider.POOL_TAG, poolId, Backoff.standard());
                return new InstanceAgent(ec2, workers, pool).start(Duration.ofMillis(250));
            }));
            started.add(step("the autoscaler (port " + (options.port + 90) + ")",
                    () -> AutoscalerApplication.builder().run(LocalCommand.args(scaler))));
            started.add(step("the web tier (port " + options.port + ")",
                    () -> WebTierApplication.builder().run(LocalCommand.args(options.web(settings)))));
        } catch (StepFailed e) {
            err.println("elasticface local: " + e.getMessage() + "; stopping what had started.");
            LocalCommand.closeInReverse(started, out);
            started.clear();
            err.flush();
            return 1;
        }

        out.printf("%nElastic Face is running at http://localhost:%d/ against %s%n", options.port, options.awsEndpoint);
        out.printf("  pool: %d instances tagged %s=%s; the autoscaler runs 0-%d of them, a worker process each "
                + "(logs in %s)%n", pool.size(), Ec2InstanceProvider.POOL_TAG, poolId, options.maxInstances,
                options.dataDir.resolve("fleet").toAbsolutePath());
        out.printf("  check it as the grader would: bin/elasticface cse546 check --id %s --endpoint %s%n",
                poolId, options.awsEndpoint);
        if (!named) {
            out.println("  no gallery yet: every face is named Unknown (pass --gallery).");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** A start-up step that failed, named, with its deepest cause (a port in use, an unreachable endpoint). */
    private static final class StepFailed extends RuntimeException {
        StepFailed(String step, Throwable cause) {
            super("starting " + step + " failed: " + root(cause), cause);
        }

        private static String root(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
    }

    private static <T> T step(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            throw new StepFailed(what, e);
        }
    }

    private boolean uploadGallery(AwsClients aws, ResourceNames names) {
        try (S3Client s3 = S3Clients.create(aws)) {
            ObjectStore store = new S3ObjectStore(s3);
            if (options.gallery != null) {
                store.put(names.galleryBucket(), names.galleryKey(), Files.readAllBytes(options.gallery),
                        "application/octet-stream", Map.of("source", options.gallery.getFileName().toString()));
            }
            return store.version(names.galleryBucket(), names.galleryKey()).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gallery " + options.gallery + ": " + e.getMessage(), e);
        }
    }
}
