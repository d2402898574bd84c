package io.elasticface.cli.reliability;

import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import io.elasticface.localaws.LocalAwsStack;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.objectstore.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The system as it runs in local mode, for failure tests: the emulators in this JVM (restartable on their
 * ports), and the web tiers and workers as real processes of this program that can be killed, paused and
 * resumed. Each process logs to {@code <dir>/<name>.log}; results go to one directory store.
 */
final class Rig implements AutoCloseable {

    final Path dir;
    final ResourceNames names = ResourceNames.defaults();
    private final Duration visibility;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> responseQueues = new ArrayList<>();
    private final List<LongConsumer> starting = new ArrayList<>();
    private LocalAwsStack stack;
    private final int sqsPort;
    private final int s3Port;

    Rig(Path dir, Duration visibility, Path gallery) throws IOException {
        this.dir = dir;
        this.visibility = visibility;
        this.sqsPort = freePort();
        this.s3Port = freePort();
        startStack();
        if (gallery != null) {
            try (S3Client s3 = S3Clients.create(stack.clients())) {
                new S3ObjectStore(s3).put(names.galleryBucket(), names.galleryKey(), Files.readAllBytes(gallery),
                        "application/octet-stream", Map.of());
            }
        }
    }

    /** Starts the emulators on this rig's ports (S3 keeps its data on disk) and creates what is missing. */
    void startStack() {
        stack = LocalAwsStack.start(dir.resolve("aws"), sqsPort, s3Port);
        try (S3Client s3 = S3Clients.create(stack.clients()); SqsClient sqs = SqsClients.create(stack.clients())) {
            S3ObjectStore objects = new S3ObjectStore(s3);
            objects.ensureBucket(names.inBucket());
            objects.ensureBucket(names.outBucket());
            objects.ensureBucket(names.galleryBucket());
            QueueProvisioner queues = new QueueProvisioner(sqs);
            queues.ensureRequestQueue(names.requestQueue(), names.deadLetterQueue(), visibility, 5);
            queues.ensureResponseQueue(names.responseQueue());
            // the emulator keeps queues in memory: after a restart, the web tiers' own come back too
            synchronized (responseQueues) {
                responseQueues.forEach(queues::ensureResponseQueue);
            }
        }
    }

    void stopStack() {
        stack.close();
    }

    SqsClient sqs() {
        return SqsClients.create(stack.clients());
    }

    S3Client s3() {
        return S3Clients.create(stack.clients());
    }

    private Map<String, String> common() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("elasticface.aws.s3-endpoint", "http://127.0.0.1:" + s3Port);
        settings.put("elasticface.aws.sqs-endpoint", "http://127.0.0.1:" + sqsPort);
        settings.put("elasticface.names.scheme", "default");
        settings.put("elasticface.names.prefix", ResourceNames.DEFAULT_PREFIX);
        settings.put("elasticface.results.store", "directory");
        settings.put("elasticface.results.directory", results().toString());
        return settings;
    }

    Path results() {
        return dir.resolve("results");
    }

    /** Starts a web tier process; {@link #awaitReady} waits for it to answer on {@code /readyz}. */
    Tier web(String name, String heap, Map<String, String> extra) {
        int port = freePort();
        Map<String, String> settings = common();
        settings.put("server.port", Integer.toString(port));
        settings.put("management.server.port", "0");
        String responseQueue = names.responseQueue() + "-" + name;
        settings.put("elasticface.names.response-queue", responseQueue);
        synchronized (responseQueues) {
            responseQueues.add(responseQueue);
        }
        settings.putAll(extra);
        Process process = start(name, settings, args -> LocalProcessFleet.javaCommand("web", heap, args));
        String url = "http://127.0.0.1:" + port;
        starting.add(deadline -> awaitAnswer(name, process, url + "/readyz", deadline));
        return new Tier(name, process, url);
    }

    /** Starts a worker process; {@link #awaitReady} waits for its log to say "Started". */
    Tier worker(String name, String recognizer, Map<String, String> extra) {
        Map<String, String> settings = common();
        settings.put("server.port", "0");
        settings.put("elasticface.worker.id", name);
        settings.put("elasticface.worker.recognizer", recognizer);
        settings.putAll(extra);
        // the command local mode starts its workers with (the quick JIT, a 384 MB heap)
        Process process = start(name, settings, LocalProcessFleet::defaultCommand);
        starting.add(deadline -> {
            while (!log(name).contains("Started ")) {
                check(name, process, deadline);
            }
        });
        return new Tier(name, process, null);
    }

    /**
     * Waits until every process started since the last call is ready (90 s at most). They start side by side,
     * a few seconds sooner on two cores than one after another (18 s against 21-23 s for a scenario's three).
     */
    void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (LongConsumer ready : starting) {
            ready.accept(deadline);
        }
        starting.clear();
    }

    private Process start(String name, Map<String, String> settings, Function<List<String>, List<String>> command) {
        List<String> args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
        ProcessBuilder builder = new ProcessBuilder(command.apply(args))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        try {
            Process process = builder.start();
            synchronized (processes) {
                processes.add(process);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitAnswer(String name, Process process, String url, long deadline) {
        HttpClient client = HttpClient.newHttpClient();
        while (true) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            check(name, process, deadline);
        }
    }

    private void check(String name, Process process, long deadline) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log:\n" + log(name));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(name + " was not ready within 90 s; its log:\n" + log(name));
        }
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log(String name) {
        try {
            Path file = dir.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests a worker finished (its "-> STATUS" lines), redeliveries included. */
    long processed(String worker) {
        return log(worker).lines().filter(l -> l.contains("RequestProcessor") && l.contains(" -> ")).count();
    }

    long resultFiles() {
        try (Stream<Path> files = Files.list(results())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    int messages(String queue) {
        try (SqsClient sqs = sqs()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                    .attributesAsStrings();
            return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                    + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
        }
    }

    /** A process of the rig. */
    record Tier(String name, Process process, String url) {

        void kill() {
            process.destroyForcibly(); // SIGKILL
        }

        void pause() {
            signal("STOP");
        }

        void resume() {
            signal("CONT");
        }

        /** SIGTERM, as systemd and the autoscaler stop a tier; waits for the exit. */
        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor(90, TimeUnit.SECONDS);
        }

        private void signal(String name) {
            try {
                new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        List<Process> all;
        synchronized (processes) {
            all = List.copyOf(processes);
        }
        // SIGKILL: the checks are done, and a graceful stop waits out each worker's last long poll (up to 20 s)
        all.forEach(Process::destroyForcibly);
        for (Process p : all) {
            try {
                p.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stack.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
