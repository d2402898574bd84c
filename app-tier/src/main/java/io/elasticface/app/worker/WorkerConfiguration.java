package io.elasticface.app.worker;

import io.elasticface.app.recognition.EngineLoad;
import io.elasticface.app.recognition.EngineRecognizer;
import io.elasticface.app.recognition.FaceRecognizer;
import io.elasticface.app.recognition.PlaceholderRecognizer;
import io.elasticface.app.tasks.DefaultGallery;
import io.elasticface.app.tasks.TaskRunner;
import io.elasticface.app.tasks.TaskSettings;
import io.elasticface.collections.CollectionCache;
import io.elasticface.collections.CollectionStore;
import io.elasticface.collections.Compactor;
import io.elasticface.engine.EngineSettings;
import io.elasticface.messaging.MessageSender;
import io.elasticface.messaging.SqsPoller;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.results.ResultStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    /** Read at start: a missing request queue stops the worker (one made here would lack its DLQ and 1 KB limit). */
    @Bean
    QueueContract requestQueueContract(SqsClient sqs, ResourceNames names) {
        return QueueContract.read(sqs, names.requestQueue());
    }

    /**
     * Polls only when a slot is free (at most {@code concurrency} messages in hand), so an idle worker
     * elsewhere gets the rest; long polls (20 s by default); deletes right after success, so the queue's in-flight
     * count (the autoscaler's signal) drops as soon as a request is done; on shutdown it stops polling
     * and waits up to the drain timeout for the requests in hand.
     */
    @Bean
    SqsPoller requestPoller(SqsClient sqs, QueueContract queue, WorkerProperties worker, RequestListener listener) {
        return new SqsPoller(sqs, queue.url(), new SqsPoller.Settings(worker.effectiveConcurrency(),
                worker.pollTimeout(), worker.drainTimeout()), listener, "request");
    }

    /** Visibility extensions only: nothing slow may delay them. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService visibilityExtender() {
        return daemonTimer("visibility-extender");
    }

    /** Compaction of the collections this worker uses, on a timer of its own. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService compactionTimer() {
        return daemonTimer("collection-compactor");
    }

    private static ScheduledExecutorService daemonTimer(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The engine as {@link EnginePreload} started loading it, or starting now in a context built without it. */
    @Bean(destroyMethod = "close")
    FaceRecognizer faceRecognizer(WorkerProperties worker, EngineProperties engine, ObjectProvider<EngineLoad> preload) {
        return switch (worker.recognizer()) {
            case PlaceholderRecognizer.NAME -> new PlaceholderRecognizer();
            case "engine" -> new EngineRecognizer(preload.getIfAvailable(() -> EngineLoad.start(engineSettings(engine))));
            default -> throw new IllegalArgumentException("elasticface.worker.recognizer must be 'engine' or "
                    + "'placeholder', not '" + worker.recognizer() + "'");
        };
    }

    static EngineSettings engineSettings(EngineProperties engine) {
        return EngineSettings.defaults().withThreshold(engine.threshold()).withMaxPixels(engine.maxPixels());
    }

    @Bean
    StartupReport startupReport(FaceRecognizer recognizer) {
        return new StartupReport(recognizer instanceof EngineRecognizer engine ? engine.load() : null);
    }

    @Bean
    CollectionStore collectionStore(ObjectStore images, ResourceNames names) {
        CollectionStore store = new CollectionStore(images, names.galleryBucket(), names.galleryKey());
        store.ensureBucket();
        return store;
    }

    @Bean
    CollectionCache collectionCache(CollectionStore collections, EngineProperties engine) {
        return new CollectionCache(collections, engine.galleryRefresh(), Clock.systemUTC());
    }

    /**
     * The engine's gallery is collection {@code default}, loaded before the first request is received (a
     * missing bucket is an empty gallery), then checked before each recognition.
     */
    @Bean
    Runnable defaultGallery(FaceRecognizer recognizer, CollectionCache cache) {
        if (!(recognizer instanceof EngineRecognizer engineRecognizer)) {
            return () -> { };
        }
        DefaultGallery gallery = new DefaultGallery(cache, engineRecognizer::setGallery);
        gallery.run();
        return gallery;
    }

    /** Collection operations need the engine: the placeholder cannot compute descriptors. */
    private static Optional<TaskRunner> taskRunner(FaceRecognizer recognizer, CollectionStore collections,
                                                   CollectionCache cache, EngineProperties engine,
                                                   ScheduledExecutorService compactionTimer) {
        if (!(recognizer instanceof EngineRecognizer analyzer)) {
            return Optional.empty();
        }
        Compactor compactor = new Compactor(collections, Clock.systemUTC(), engine.compactAfter());
        compactionTimer.scheduleWithFixedDelay(() -> compactKnown(cache, compactor), 1, 1, TimeUnit.MINUTES);
        return Optional.of(new TaskRunner(analyzer, collections, cache, new TaskSettings(engine.threshold(),
                engine.enrollMinFace(), engine.enrollMinScore())));
    }

    private static void compactKnown(CollectionCache cache, Compactor compactor) {
        for (String collection : cache.known()) {
            try {
                int folded = compactor.compact(collection);
                if (folded > 0) {
                    log.info("Compacted collection {}: {} objects folded into one snapshot", collection, folded);
                }
            } catch (RuntimeException e) {
                log.warn("Cannot compact collection {} now: {}", collection, e.getMessage());
            }
        }
    }

    /** Two writes per request in progress (output object, result item); daemon threads, named for dumps. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService resultWriters(WorkerProperties worker) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(2 * worker.effectiveConcurrency(), task -> {
            Thread thread = new Thread(task, "result-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    RequestProcessor requestProcessor(ObjectStore images, FaceRecognizer recognizer, ResultStore results,
                                      MessageSender sender, ResourceNames names, WorkerProperties worker,
                                      ExecutorService resultWriters, CollectionStore collections,
                                      CollectionCache collectionCache, EngineProperties engine,
                                      ScheduledExecutorService compactionTimer, Runnable defaultGallery) {
        images.ensureBucket(names.outBucket());
        Optional<TaskRunner> tasks = taskRunner(recognizer, collections, collectionCache, engine, compactionTimer);
        return new RequestProcessor(images, recognizer, results, sender, names, workerId(worker), Clock.systemUTC(),
                resultWriters, tasks.orElse(null), defaultGallery);
    }

    /** The configured id, or {@code <pid>@<host>}: the host name as the OS has it, without a DNS lookup. */
    static String workerId(WorkerProperties worker) {
        if (worker.id() != null && !worker.id().isBlank()) {
            return worker.id();
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                host = "";
            }
        }
        return ProcessHandle.current().pid() + "@" + (host.isBlank() ? "localhost" : host);
    }
}
