package io.elasticface.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Receives one queue's messages with the blocking SQS client and hands each to {@link Handler} on a thread of its
 * own, with at most {@code concurrency} messages in hand: it long-polls only while a slot is free, and asks for no
 * more messages than there are free slots, so that the rest stay in the queue for an idle consumer elsewhere.
 * A message is deleted right after its handler returns, so the queue's in-flight count drops as soon as it is done;
 * a handler that throws leaves it to reappear after the queue's visibility timeout (in the end, in its dead-letter
 * queue). Stopping ends the polling, waits for the last poll to return (at most the poll timeout: a receive cannot
 * be cut short without losing what it took), then up to the drain timeout for the messages in hand.
 *
 * <p>It replaces Spring Cloud AWS's listener container in the worker, which used only this of it: that container
 * and the asynchronous (Netty) client it needs cost about 0.2 s of CPU at every worker start (BENCHMARKS.md,
 * "A worker without Spring Cloud AWS").
 */
public final class SqsPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SqsPoller.class);

    /** SQS returns at most ten messages per receive. */
    private static final int MAX_PER_RECEIVE = 10;
    /** A visibility change that hangs must not hold up the next one. */
    private static final Duration VISIBILITY_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PAUSE_AFTER_FAILED_RECEIVE = Duration.ofSeconds(1);

    /** One received message, as its handler sees it. */
    public record Received(String body, int receiveCount, Visibility visibility) {
    }

    /** Hides a message in hand from other consumers for longer; throws when SQS refuses or does not answer. */
    @FunctionalInterface
    public interface Visibility {
        void extendTo(Duration timeout);
    }

    /** Returns to have the message deleted; throws to leave it for redelivery (it says why, the poller does not). */
    @FunctionalInterface
    public interface Handler {
        void handle(Received message);
    }

    /**
     * @param concurrency  messages in hand at most (at least 1)
     * @param pollTimeout  how long one receive waits for messages (1-20 s, whole seconds)
     * @param drainTimeout on stop, how long the messages in hand may take
     */
    public record Settings(int concurrency, Duration pollTimeout, Duration drainTimeout) {
        public Settings {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
            }
            if (pollTimeout.toSeconds() < 1 || pollTimeout.toSeconds() > 20) {
                throw new IllegalArgumentException("pollTimeout must be 1 to 20 s, not " + pollTimeout);
            }
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final Settings settings;
    private final Handler handler;
    private final String name;
    private final Semaphore slots;

    private volatile boolean polling;
    private Thread poller;
    private ExecutorService handlers;

    /** {@code name} names the threads, as {@code <name>-poller} and {@code <name>-1..concurrency}. */
    public SqsPoller(SqsClient sqs, String queueUrl, Settings settings, Handler handler, String name) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.settings = settings;
        this.handler = handler;
        this.name = name;
        this.slots = new Semaphore(settings.concurrency());
    }

    @Override
    public synchronized void start() {
        if (poller != null) {
            return;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(),
                task -> new Thread(task, name + "-" + count.incrementAndGet()));
        handlers = pool;
        polling = true;
        // the loop gets its own pool: a poll that outlasts stop's wait hands to that pool (shut down), never a newer one
        poller = new Thread(() -> poll(pool), name + "-poller");
        poller.start();
    }

    @Override
    public void stop() {
        Thread stopping;
        ExecutorService inHand;
        synchronized (this) {
            polling = false;
            stopping = poller;
            inHand = handlers;
            poller = null;
        }
        if (stopping == null) {
            return;
        }
        try {
            // the socket's own timeout bounds this too; a little slack over the poll itself
            stopping.join(settings.pollTimeout().plusSeconds(5).toMillis());
            inHand.shutdown();
            if (!inHand.awaitTermination(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: {} messages still in hand after the drain timeout ({}); they go back to the queue",
                        name, settings.concurrency() - slots.availablePermits(), settings.drainTimeout());
                inHand.shutdownNow();
            }
        } catch (InterruptedException e) {
            inHand.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    private void poll(ExecutorService pool) {
        int waitSeconds = (int) settings.pollTimeout().toSeconds();
        while (polling) {
            int asked = takeFreeSlots();
            if (asked == 0) {
                break;
            }
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(asked)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            } catch (RuntimeException e) {
                slots.release(asked);
                log.warn("{}: cannot receive from {} now ({}); trying again in {}", name, queueUrl, e.getMessage(),
                        PAUSE_AFTER_FAILED_RECEIVE);
                pause();
                continue;
            }
            slots.release(asked - messages.size());
            // what a poll returned is in hand even when stopping: the drain covers it
            messages.forEach(message -> dispatch(message, pool));
        }
    }

    private void dispatch(Message message, ExecutorService pool) {
        try {
            pool.execute(() -> handle(message));
        } catch (RejectedExecutionException e) {
            // a receive that outlasted stop's wait for it: nothing was done, so the message simply comes back
            slots.release();
            log.warn("{}: message {} arrived after the stop; it goes back to the queue", name, message.messageId());
        }
    }

    /** Waits for a free slot, then takes every free one up to a receive's maximum; 0 once stopping. */
    private int takeFreeSlots() {
        try {
            while (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (!polling) {
                    return 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (!polling) {
            slots.release();
            return 0;
        }
        int free = 1 + slots.drainPermits();
        int taken = Math.min(MAX_PER_RECEIVE, free);
        slots.release(free - taken);
        return taken;
    }

    private void handle(Message message) {
        try {
            try {
                handler.handle(new Received(message.body(), receiveCount(message), timeout -> extend(message, timeout)));
            } catch (RuntimeException e) {
                log.debug("{}: message {} left for redelivery", name, message.messageId(), e);
                return;
            }
            delete(message);
        } finally {
            slots.release();
        }
    }

    private void delete(Message message) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        } catch (RuntimeException e) {
            log.warn("{}: message {} was handled but cannot be deleted ({}); it will be received again", name,
                    message.messageId(), e.getMessage());
        }
    }

    private void extend(Message message, Duration timeout) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) timeout.toSeconds())
                .overrideConfiguration(o -> o.apiCallTimeout(VISIBILITY_CALL_TIMEOUT)));
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILED_RECEIVE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            polling = false;
        }
    }
}
