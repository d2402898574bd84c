package io.elasticface.app.worker;

import io.elasticface.messaging.SqsPoller;
import io.elasticface.messaging.SqsPoller.Visibility;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RecognitionRequest;
import io.elasticface.wire.RequestIds;
import io.elasticface.wire.WireCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Handles the requests {@link SqsPoller} receives from the request queue: the message is deleted only after this
 * returns, so after {@link RequestProcessor#process} has stored the result and replied.
 * While a request is in hand its visibility is extended, so a slow request is not handed to a second
 * worker; if this worker dies, the extensions stop and the request reappears for another.
 */
@Component
class RequestListener implements SqsPoller.Handler {

    private static final Logger log = LoggerFactory.getLogger(RequestListener.class);

    private final RequestProcessor processor;
    private final ScheduledExecutorService extender;
    private final QueueContract queue;
    private final WorkerProperties properties;
    private final Timer processing;
    private final Timer inference;
    private final MeterRegistry meters;
    private final Counter failures;
    private final MalformedRequests malformed;

    RequestListener(RequestProcessor processor, ScheduledExecutorService visibilityExtender, QueueContract queue,
                    WorkerProperties properties, MeterRegistry meters, MalformedRequests malformed) {
        this.processor = processor;
        this.malformed = malformed;
        this.extender = visibilityExtender;
        this.queue = queue;
        this.properties = properties;
        this.processing = Timer.builder("elasticface.worker.request.duration").publishPercentileHistogram()
                .description("receive to reply").register(meters);
        this.inference = Timer.builder("elasticface.worker.inference").publishPercentileHistogram()
                .description("decode, detect, align, describe, match").register(meters);
        this.meters = meters;
        this.failures = Counter.builder("elasticface.worker.request.failures")
                .description("requests that threw and will be retried or dead-lettered").register(meters);
    }

    @Override
    public void handle(SqsPoller.Received message) {
        String body = message.body();
        RecognitionRequest request;
        try {
            request = WireCodec.fromJson(body, RecognitionRequest.class);
        } catch (WireCodec.MalformedMessageException e) {
            malformed.refuse(body, e.getMessage());
            return; // deleted: it is in the dead-letter queue now, and no retry could read it
        }
        try (var logged = RequestIds.logScope(request.id())) {
            handle(request, message.visibility(), message.receiveCount());
        }
    }

    private void handle(RecognitionRequest request, Visibility visibility, int receives) {
        // extend three times per visibility period, so that one late or failed call costs nothing
        long period = Math.max(1, queue.visibility().toSeconds() / 3);
        Duration extendTo = queue.visibility();
        long giveUpAt = System.nanoTime() + properties.maxProcessing().toNanos();
        ScheduledFuture<?> extension = extender.scheduleAtFixedRate(
                () -> extend(visibility, extendTo, request, giveUpAt), period, period, TimeUnit.SECONDS);
        try {
            RecognitionReply reply = processing.record(() -> processor.process(request));
            inference.record(reply.timings().inferenceMs(), TimeUnit.MILLISECONDS);
            meters.counter("elasticface.worker.replies", "status", reply.status().name()).increment();
        } catch (RuntimeException e) {
            failures.increment();
            if (receives >= queue.maxReceives()) {
                log.error("{} failed on receive {} of {}; answering with an error, the message goes to the "
                        + "dead-letter queue", request.id(), receives, queue.maxReceives(), e);
                try {
                    processor.giveUp(request, e);
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
            } else {
                log.warn("{} failed on receive {} of {}; it will be retried", request.id(), receives,
                        queue.maxReceives(), e);
            }
            throw e;
        } finally {
            extension.cancel(false);
        }
    }

    /**
     * Throws only to end the extensions of a request that took too long (an exception cancels a periodic
     * task); any failure to extend is logged, so that the next period tries again.
     */
    private static void extend(Visibility visibility, Duration timeout, RecognitionRequest request, long giveUpAt) {
        try (var logged = RequestIds.logScope(request.id())) {
            extendLogged(visibility, timeout, request, giveUpAt);
        }
    }

    private static void extendLogged(Visibility visibility, Duration timeout, RecognitionRequest request,
                                     long giveUpAt) {
        if (System.nanoTime() > giveUpAt) {
            log.warn("{} is taking too long; no longer hiding it from other workers", request.id());
            throw new CancellationException("stop extending " + request.id());
        }
        try {
            visibility.extendTo(timeout);
        } catch (RuntimeException e) {
            log.warn("could not extend the visibility of {}: {}", request.id(), e.getMessage());
        }
    }
}
