package io.elasticface.web;

import io.elasticface.autoscaler.AutoscalerApplication;
import io.elasticface.messaging.QueueProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two workers running the face engine, an autoscaler reading the request queue, and two web tiers, A with the
 * console's Live page reading that autoscaler: started once per test JVM for the tests of the collection API and
 * the console, closed when the JVM ends. The autoscaler's fleet is real local processes, but STAND-INS
 * ({@code sleep}): the two workers here do the work, the fleet only shows instances starting and stopping as the
 * queue fills and drains.
 */
final class EngineSystem {

    private static EngineSystem instance;

    final String webA;
    final String webB;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    /**
     * Queues and gallery of its own: this system outlives the test classes that use it, and its workers must
     * not take the requests of another class's scripted workers, nor theirs its own.
     */
    private static final Map<String, Object> OWN_NAMES = Map.of("elasticface.names.request-queue", "engine-requests",
            "elasticface.names.dead-letter-queue", "engine-requests-dlq",
            "elasticface.names.gallery-bucket", "engine-gallery");

    private EngineSystem(LocalSystem system) {
        new QueueProvisioner(system.sqs).ensureRequestQueue("engine-requests", "engine-requests-dlq",
                Duration.ofSeconds(5), 3);
        for (String worker : List.of("api-worker-1", "api-worker-2")) {
            contexts.add(system.startWorker(worker, with(Map.of("elasticface.worker.recognizer", "engine",
                    "elasticface.worker.concurrency", 1))));
        }
        ConfigurableApplicationContext autoscaler = AutoscalerApplication.builder().run(LocalSystem.args(with(Map.of(
                "server.port", 0, "elasticface.autoscaler.provider", "local", "elasticface.autoscaler.max", 2,
                // the Live page's test watches the fleet go back to 0: the course's grace, not the default minute
                "elasticface.autoscaler.grace", "1s",
                "elasticface.autoscaler.local.command[0]", "sleep", "elasticface.autoscaler.local.command[1]", "300",
                "elasticface.autoscaler.local.data-dir", system.dataDir.resolve("fleet").toString(),
                "elasticface.aws.s3-endpoint", system.stack.properties().s3Endpoint().toString(),
                "elasticface.aws.sqs-endpoint", system.stack.properties().sqsEndpoint().toString()))));
        contexts.add(autoscaler);
        webA = base(system.startWeb("api-replies-a", with(Map.of("elasticface.web.autoscaler-url", base(autoscaler)))));
        webB = base(system.startWeb("api-replies-b", with(Map.of())));
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "engine-system-stop"));
    }

    private static Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.putAll(OWN_NAMES);
        return all;
    }

    static synchronized EngineSystem get() {
        if (instance == null) {
            instance = new EngineSystem(LocalSystem.get());
        }
        return instance;
    }

    private String base(ConfigurableApplicationContext context) {
        if (!contexts.contains(context)) {
            contexts.add(context);
        }
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
