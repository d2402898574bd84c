package io.elasticface.app.worker;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.elasticface.app.recognition.EngineRecognizer;
import io.elasticface.app.recognition.FaceRecognizer;
import io.elasticface.app.recognition.PlaceholderRecognizer;
import io.elasticface.engine.EngineSettings;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.messaging.MessageSender;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.results.ResultStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    /**
     * Polls only when a slot is free (at most {@code concurrency} messages in hand), so an idle worker
     * elsewhere gets the rest; long polls (20 s by default); deletes right after success, so the queue's in-flight
     * count (the autoscaler's signal) drops as soon as a request is done; on shutdown it stops polling
     * and waits up to the drain timeout for the requests in hand.
     */
    @Bean
    QueueContract requestQueueContract(SqsClient sqs, ResourceNames names) {
        return QueueContract.read(sqs, names.requestQueue());
    }

    @Bean
    SqsMessageListenerContainerFactory<Object> workerListenerFactory(SqsAsyncClient sqs, WorkerProperties worker) {
        int concurrency = worker.effectiveConcurrency();
        return SqsMessageListenerContainerFactory.builder()
                .sqsAsyncClient(sqs)
                .configure(options -> options
                        .maxConcurrentMessages(concurrency)
                        .maxMessagesPerPoll(Math.min(10, concurrency))
                        .pollTimeout(worker.pollTimeout())
                        .acknowledgementMode(AcknowledgementMode.ON_SUCCESS)
                        .acknowledgementInterval(Duration.ZERO)
                        .acknowledgementThreshold(0)
                        .listenerShutdownTimeout(worker.drainTimeout())
                        .acknowledgementShutdownTimeout(Duration.ofSeconds(10))
                        .messageSystemAttributeNames(List.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        // never create the request queue: one made here would lack its DLQ and 1 KB limit
                        .queueNotFoundStrategy(QueueNotFoundStrategy.FAIL))
                .build();
    }

    /** Visibility extensions only: nothing slow may delay them. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService visibilityExtender() {
        return daemonTimer("visibility-extender");
    }

    /** Gallery checks, which download and parse, on a timer of their own. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService galleryTimer() {
        return daemonTimer("gallery-sync");
    }

    private static ScheduledExecutorService daemonTimer(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Bean(destroyMethod = "close")
    FaceRecognizer faceRecognizer(WorkerProperties worker, EngineProperties engine) {
        return switch (worker.recognizer()) {
            case PlaceholderRecognizer.NAME -> new PlaceholderRecognizer();
            case "engine" -> new EngineRecognizer(new FaceEngine(EngineSettings.defaults()
                    .withThreshold(engine.threshold()).withMaxPixels(engine.maxPixels()), Gallery.empty()));
            default -> throw new IllegalArgumentException("elasticface.worker.recognizer must be 'engine' or "
                    + "'placeholder', not '" + worker.recognizer() + "'");
        };
    }

    /** Loads the gallery before the first request is received, then checks S3 for a new one periodically. */
    @Bean
    GallerySync gallerySync(FaceRecognizer recognizer, ObjectStore images, ResourceNames names,
                            EngineProperties engine, ScheduledExecutorService galleryTimer) {
        GallerySync sync = new GallerySync(images, names.galleryBucket(), names.galleryKey(), gallery -> {
            if (recognizer instanceof EngineRecognizer engineRecognizer) {
                engineRecognizer.setGallery(gallery);
            }
        });
        if (recognizer instanceof EngineRecognizer) {
            sync.refresh();
            long period = engine.galleryRefresh().toMillis();
            galleryTimer.scheduleWithFixedDelay(sync::refresh, period, period, TimeUnit.MILLISECONDS);
        }
        return sync;
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
                                      ExecutorService resultWriters) {
        images.ensureBucket(names.outBucket());
        return new RequestProcessor(images, recognizer, results, sender, names, workerId(worker), Clock.systemUTC(),
                resultWriters);
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
