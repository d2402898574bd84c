package io.elasticface.web.dispatch;

import io.elasticface.messaging.MessageSender;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.web.upload.Upload;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RecognitionRequest;
import io.elasticface.wire.RequestIds;
import io.elasticface.wire.Task;
import io.elasticface.wire.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a validated upload into a request: stores the image under a key derived from a fresh id, sends a
 * small message naming this tier's response queue, and returns the future its reply will complete.
 */
public final class Dispatcher {

    private final ObjectStore images;
    private final MessageSender sender;
    private final PendingReplies pending;
    private final ResourceNames names;
    private final QueueUrls queues;
    private final Duration timeout;
    private final Clock clock;

    public Dispatcher(ObjectStore images, MessageSender sender, PendingReplies pending, ResourceNames names,
                      QueueUrls queues, Duration timeout, Clock clock) {
        this.images = images;
        this.sender = sender;
        this.pending = pending;
        this.names = names;
        this.queues = queues;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A dispatched request: its id and the reply to come. */
    public record Dispatched(String id, String fileName, CompletableFuture<RecognitionReply> reply) {
    }

    /** A recognition, as the course asks. */
    public Dispatched dispatch(Upload upload) {
        return dispatch(upload, null);
    }

    /** A request for a task of the collection API (null: recognition). */
    public Dispatched dispatch(Upload upload, Task task) {
        String id = RequestIds.next();
        try (var logged = RequestIds.logScope(id)) {
            return dispatch(id, upload, null, task);
        }
    }

    /** A verification: both photos are stored, the source is the request's image, the target its task's. */
    public Dispatched verify(Upload source, Upload target) {
        String id = RequestIds.next();
        try (var logged = RequestIds.logScope(id)) {
            return dispatch(id, source, target, Task.verify(id + "/target/" + target.fileName()));
        }
    }

    private Dispatched dispatch(String id, Upload upload, Upload target, Task task) {
        // the key derives from the id: two uploads of a.jpg at once are two objects
        String key = id + "/" + upload.fileName();
        List<String> stored = new ArrayList<>(2);
        CompletableFuture<RecognitionReply> reply;
        try {
            put(id, key, upload, stored);
            if (target != null) {
                put(id, task.targetKey(), target, stored);
            }
            RecognitionRequest request = RecognitionRequest.of(id, names.inBucket(), key, upload.fileName(),
                    queues.responseQueueUrl(), clock.millis()).withTask(task);
            reply = pending.register(id, timeout);
            try {
                sender.send(queues.requestQueueUrl(), WireCodec.toJson(request));
            } catch (RuntimeException e) {
                pending.abandon(id, e);
                throw e;
            }
        } catch (RuntimeException e) {
            stored.forEach(k -> deleteQuietly(k, e));
            throw e;
        }
        return new Dispatched(id, upload.fileName(), reply);
    }

    private void put(String id, String key, Upload upload, List<String> stored) {
        images.put(names.inBucket(), key, upload.bytes(), upload.header().format().mediaType(),
                Map.of("original-name", upload.fileName(), "request-id", id));
        stored.add(key);
    }

    /** An image whose request was never queued would never be read: don't keep it. */
    private void deleteQuietly(String key, RuntimeException sendFailure) {
        try {
            images.delete(names.inBucket(), key);
        } catch (RuntimeException e) {
            sendFailure.addSuppressed(e);
        }
    }
}
