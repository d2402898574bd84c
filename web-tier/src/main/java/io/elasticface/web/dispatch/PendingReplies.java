package io.elasticface.web.dispatch;

import io.elasticface.wire.RecognitionReply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requests of this web tier that wait for a reply, by correlation id. Waiting holds no thread: each
 * is a future completed by the reply consumer, or failed with {@link TimeoutException} by a timer.
 */
public final class PendingReplies {

    private final ConcurrentMap<String, CompletableFuture<RecognitionReply>> waiting = new ConcurrentHashMap<>();

    /** Registers an id before its request is sent, so that even an instant reply finds it. */
    public CompletableFuture<RecognitionReply> register(String id, Duration timeout) {
        CompletableFuture<RecognitionReply> reply = new CompletableFuture<>();
        if (waiting.putIfAbsent(id, reply) != null) {
            throw new IllegalStateException("request id already waiting: " + id);
        }
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> waiting.remove(id, reply));
        return reply;
    }

    /**
     * Hands a reply to the request waiting for it.
     *
     * @return false when nobody waits for this id (timed out, or sent to an earlier run of this tier)
     */
    public boolean complete(RecognitionReply reply) {
        CompletableFuture<RecognitionReply> future = waiting.remove(reply.id());
        return future != null && future.complete(reply);
    }

    /** Gives up on a request whose message could not be sent. */
    public void abandon(String id, Throwable cause) {
        CompletableFuture<RecognitionReply> future = waiting.remove(id);
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }

    public int size() {
        return waiting.size();
    }

    /**
     * Waits, at shutdown, until every waiting request has its answer or the deadline passes.
     *
     * @return whether none is left waiting
     */
    public boolean awaitEmpty(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return waiting.isEmpty();
    }
}
