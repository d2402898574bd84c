package io.elasticface.app.worker;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.elasticface.app.recognition.FaceRecognizer;
import io.elasticface.app.recognition.PlaceholderRecognizer;
import io.elasticface.common.naming.ResourceNames;
import io.elasticface.common.queue.MessageSender;
import io.elasticface.common.result.ResultStore;
import io.elasticface.common.storage.ImageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
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
    SqsMessageListenerContainerFactory<Object> workerListenerFactory(SqsAsyncClient sqs, WorkerProperties worker) {
        int concurrency = worker.concurrency();
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
                        .messageSystemAttributeNames(List.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
                .build();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService visibilityExtender() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "visibility-extender");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean(destroyMethod = "close")
    FaceRecognizer faceRecognizer(WorkerProperties worker) {
        if (PlaceholderRecognizer.NAME.equals(worker.recognizer())) {
            return new PlaceholderRecognizer();
        }
        throw new IllegalStateException("elasticface.worker.recognizer=" + worker.recognizer()
                + " is not available in this build; use 'placeholder'");
    }

    @Bean
    RequestProcessor requestProcessor(ImageStore images, FaceRecognizer recognizer, ResultStore results,
                                      MessageSender sender, ResourceNames names, WorkerProperties worker) {
        images.ensureBucket(names.outBucket());
        return new RequestProcessor(images, recognizer, results, sender, names, worker.id(), Clock.systemUTC());
    }
}
