package io.elasticface.web;

import io.elasticface.app.AppTierApplication;
import io.elasticface.localaws.LocalAwsStack;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.S3Clients;
import io.elasticface.objectstore.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real system for tests: ElasticMQ and S3Proxy in this JVM, workers and web tiers as Spring contexts
 * against them. One stack per test JVM (stopping it under a polling context makes noise, not failures).
 */
final class LocalSystem {

    private static LocalSystem instance;

    final LocalAwsStack stack;
    final Path dataDir;
    final ResourceNames names = ResourceNames.defaults();
    final S3Client s3;
    final SqsClient sqs;

    private LocalSystem(LocalAwsStack stack, Path dataDir) {
        this.stack = stack;
        this.dataDir = dataDir;
        this.s3 = S3Clients.create(stack.clients());
        this.sqs = SqsClients.create(stack.clients());
        S3ObjectStore store = new S3ObjectStore(s3);
        store.ensureBucket(names.inBucket());
        store.ensureBucket(names.outBucket());
        new QueueProvisioner(sqs).ensureRequestQueue(names.requestQueue(), names.deadLetterQueue(),
                Duration.ofSeconds(5), 3);
    }

    static synchronized LocalSystem get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("elasticface-test");
                instance = new LocalSystem(LocalAwsStack.start(dir), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("elasticface.aws.s3-endpoint", stack.properties().s3Endpoint().toString());
        settings.put("elasticface.aws.sqs-endpoint", stack.properties().sqsEndpoint().toString());
        settings.put("elasticface.results.store", "directory");
        settings.put("elasticface.results.directory", dataDir.resolve("results").toString());
        // short polls, so that closing a context does not wait out a 20 s receive
        settings.put("elasticface.worker.poll-timeout", "1s");
        settings.put("elasticface.web.reply-poll-timeout", "1s");
        return settings;
    }

    ConfigurableApplicationContext startWorker(String id, Map<String, Object> extra) {
        Map<String, Object> settings = settings();
        settings.put("elasticface.worker.id", id);
        settings.put("elasticface.worker.recognizer", "placeholder");
        settings.put("server.port", 0);
        settings.putAll(extra);
        return AppTierApplication.builder().run(args(settings));
    }

    /** A worker whose recognizer is {@link ScriptedRecognizer}. */
    ConfigurableApplicationContext startScriptedWorker(String id, Map<String, Object> extra) {
        Map<String, Object> settings = settings();
        settings.put("elasticface.worker.id", id);
        settings.put("server.port", 0);
        settings.put("spring.main.allow-bean-definition-overriding", true);
        settings.putAll(extra);
        return AppTierApplication.builder().sources(ScriptedRecognizer.Beans.class).run(args(settings));
    }

    ConfigurableApplicationContext startWeb(String responseQueue, Map<String, Object> extra) {
        Map<String, Object> settings = settings();
        settings.put("server.port", 0);
        settings.put("management.server.port", 0); // several web tiers per test JVM
        settings.put("elasticface.names.response-queue", responseQueue);
        settings.putAll(extra);
        return WebTierApplication.builder().run(args(settings));
    }

    /** Command-line arguments: they take precedence over the tiers' own properties files. */
    static String[] args(Map<String, Object> settings) {
        return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    int approximateMessages(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                .attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    int objectCount(String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).keyCount();
    }
}
