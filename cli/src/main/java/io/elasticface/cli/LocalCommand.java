package io.elasticface.cli;

import io.elasticface.app.AppTierApplication;
import io.elasticface.common.naming.ResourceNames;
import io.elasticface.common.queue.QueueProvisioner;
import io.elasticface.common.storage.ImageStore;
import io.elasticface.common.storage.S3ImageStore;
import io.elasticface.localaws.LocalAwsStack;
import io.elasticface.web.WebTierApplication;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
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
@Command(name = "local", description = "Run the whole system locally, against in-process SQS and S3 emulators.")
final class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8000", description = "web tier port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = ".elasticface/local",
            description = "where S3 objects and results are kept across restarts (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--workers", defaultValue = "1", description = "in-process workers (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--recognizer", defaultValue = "placeholder",
            description = "engine or placeholder (default ${DEFAULT-VALUE})")
    String recognizer;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        LocalAwsStack stack = LocalAwsStack.start(dataDir);
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: web tier, then workers (finishing what they hold), then the AWS stack.");
            out.flush();
            for (int i = contexts.size() - 1; i >= 0; i--) {
                contexts.get(i).close();
            }
            stack.close();
            stopped.countDown();
        }, "elasticface-local-shutdown"));

        Map<String, Object> settings = settings(stack);
        provision(stack, ResourceNames.defaults());
        for (int i = 0; i < workers; i++) {
            Map<String, Object> worker = new LinkedHashMap<>(settings);
            worker.put("elasticface.worker.id", "local-worker-" + (i + 1));
            worker.put("elasticface.worker.recognizer", recognizer);
            contexts.add(AppTierApplication.builder().run(args(worker)));
        }
        Map<String, Object> web = new LinkedHashMap<>(settings);
        web.put("server.port", port);
        contexts.add(WebTierApplication.builder().run(args(web)));

        out.printf("%nElastic Face is running at http://localhost:%d/%n", port);
        out.printf("  try:   curl -F inputFile=@photo.jpg http://localhost:%d/recognize%n", port);
        out.printf("  course: curl -F inputFile=@photo.jpg http://localhost:%d/%n", port);
        out.printf("  S3 %s, SQS %s, data in %s%n", stack.properties().s3Endpoint(),
                stack.properties().sqsEndpoint(), dataDir.toAbsolutePath());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** Settings every local process gets: the emulators' endpoints and the local result store. */
    private Map<String, Object> settings(LocalAwsStack stack) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("elasticface.aws.s3-endpoint", stack.properties().s3Endpoint().toString());
        settings.put("elasticface.aws.sqs-endpoint", stack.properties().sqsEndpoint().toString());
        settings.put("elasticface.results.store", "directory");
        settings.put("elasticface.results.directory", dataDir.resolve("results").toAbsolutePath().toString());
        // this command closes the contexts itself, in order
        settings.put("spring.main.register-shutdown-hook", false);
        return settings;
    }

    /** As command-line arguments, which take precedence over the tiers' own properties files. */
    static String[] args(Map<String, Object> settings) {
        return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** Creates what the CloudFormation stack creates on AWS. */
    static void provision(LocalAwsStack stack, ResourceNames names) {
        try (S3Client s3 = stack.clients().s3(); SqsClient sqs = stack.clients().sqs()) {
            ImageStore store = new S3ImageStore(s3);
            store.ensureBucket(names.inBucket());
            store.ensureBucket(names.outBucket());
            QueueProvisioner queues = new QueueProvisioner(sqs);
            queues.ensureRequestQueue(names.requestQueue(), names.deadLetterQueue(), Duration.ofSeconds(30), 5);
            queues.ensureResponseQueue(names.responseQueue());
        }
    }
}
