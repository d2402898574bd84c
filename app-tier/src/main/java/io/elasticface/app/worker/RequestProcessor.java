package io.elasticface.app.worker;

import io.elasticface.app.recognition.FaceRecognizer;
import io.elasticface.app.tasks.TaskRunner;
import io.elasticface.engine.UnreadableImageException;
import io.elasticface.messaging.MessageSender;
import io.elasticface.naming.FileNames;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import io.elasticface.results.ResultStore;
import io.elasticface.wire.RecognitionReply.Face;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply.Timings;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RecognitionRequest;
import io.elasticface.wire.Task;
import io.elasticface.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, start to finish: fetch the image, recognise, record the result (output bucket in the
 * course's layout, and the result store) and reply. It returns only when all of that is done, so the caller
 * deletes the message only afterwards. Doing it twice writes the same result again: the output key derives
 * from the request, the result store item from its id.
 *
 * <p>The output object, the result item and the reply do not depend on each other, so they are written at
 * once: the client waits for the slowest of the three instead of their sum (two of the request's hops).
 */
public final class RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final ObjectStore images;
    private final FaceRecognizer recognizer;
    private final ResultStore results;
    private final MessageSender replies;
    private final ResourceNames names;
    private final String workerId;
    private final Clock clock;
    private final Executor writers;
    private final TaskRunner tasks;
    private final Runnable galleryCheck;

    /** A worker for recognition only (the placeholder recognizer, tests of the request path). */
    public RequestProcessor(ObjectStore images, FaceRecognizer recognizer, ResultStore results,
                            MessageSender replies, ResourceNames names, String workerId, Clock clock,
                            Executor writers) {
        this(images, recognizer, results, replies, names, workerId, clock, writers, null, () -> { });
    }

    /**
     * @param writers      runs the two stores' writes while the calling thread sends the reply; it needs two
     *                     threads per request processed at once
     * @param tasks        the collection operations, or null where the recognizer cannot run them
     * @param galleryCheck brings the recognizer's gallery up to date before a recognition (cheap when it is)
     */
    public RequestProcessor(ObjectStore images, FaceRecognizer recognizer, ResultStore results,
                            MessageSender replies, ResourceNames names, String workerId, Clock clock,
                            Executor writers, TaskRunner tasks, Runnable galleryCheck) {
        this.tasks = tasks;
        this.galleryCheck = galleryCheck;
        this.images = images;
        this.recognizer = recognizer;
        this.results = results;
        this.replies = replies;
        this.names = names;
        this.workerId = workerId;
        this.clock = clock;
        this.writers = writers;
    }

    /** Processes a request; exceptions mean "try again later" (the message stays in the queue). */
    public RecognitionReply process(RecognitionRequest request) {
        long received = clock.millis();
        long start = System.nanoTime();
        Optional<byte[]> image = images.get(request.bucket(), request.key());
        long downloaded = System.nanoTime();
        RecognitionReply reply;
        if (image.isEmpty()) {
            reply = reply(request, Status.NOT_FOUND, "no image at s3://" + request.bucket() + "/" + request.key(),
                    List.of(), received, start, downloaded, downloaded);
        } else if (request.operation() != Task.Operation.RECOGNIZE) {
            reply = runTask(request, image.get(), received, start, downloaded);
        } else {
            List<Face> faces;
            Status status;
            String message = null;
            try {
                galleryCheck.run();
                faces = recognizer.recognize(image.get());
                status = faces.isEmpty() ? Status.NO_FACE : Status.OK;
                if (faces.isEmpty()) {
                    message = "no face found in " + request.fileName();
                }
            } catch (UnreadableImageException e) {
                faces = List.of();
                status = Status.BAD_IMAGE;
                message = request.fileName() + ": " + e.getMessage();
            }
            reply = reply(request, status, message, faces, received, start, downloaded, System.nanoTime());
        }
        return record(request, reply, start);
    }

    private RecognitionReply runTask(RecognitionRequest request, byte[] image, long received, long start,
                                     long downloaded) {
        if (tasks == null) {
            return reply(request, Status.FAILED, "this worker runs the " + recognizer.name() + " recognizer, which "
                    + "cannot " + request.operation().name().toLowerCase(Locale.ROOT), List.of(), received,
                    start, downloaded, downloaded);
        }
        try {
            TaskRunner.Outcome outcome = tasks.run(request, image, images::get);
            return reply(request, outcome.status(), outcome.message(), outcome.faces(), received, start, downloaded,
                    System.nanoTime()).withEnrolled(outcome.enrolled()).withVerified(outcome.verified());
        } catch (UnreadableImageException e) {
            return reply(request, Status.BAD_IMAGE, request.fileName() + ": " + e.getMessage(), List.of(), received,
                    start, downloaded, System.nanoTime());
        }
    }

    /**
     * Gives up on a request that failed on its last allowed receive: the client gets an error reply now,
     * and the message goes on to the dead-letter queue.
     */
    public RecognitionReply giveUp(RecognitionRequest request, Throwable cause) {
        long now = System.nanoTime();
        RecognitionReply reply = reply(request, Status.FAILED, "processing failed repeatedly: " + cause.getMessage(),
                List.of(), clock.millis(), now, now, now);
        return record(request, reply, now);
    }

    /**
     * Answers a request message that cannot be read as a request but names its id and reply-to queue: the
     * client gets a FAILED reply now instead of its timeout, and the result store keeps it. No output object:
     * without a valid request there is no file name to key it by.
     */
    public RecognitionReply refuseMalformed(String id, String replyTo, String fileName, String reason) {
        RecognitionReply reply = new RecognitionReply(RecognitionReply.VERSION, id, fileName, Status.FAILED,
                "malformed request: " + reason, List.of(), recognizer.name(), workerId, new Timings(0, 0, 0));
        results.put(reply);
        replies.send(replyTo, WireCodec.toJson(reply));
        return reply;
    }

    /**
     * Writes the output object (the course's recognitions only) and the result item and sends the reply; returns
     * when all three are done.
     */
    private RecognitionReply record(RecognitionRequest request, RecognitionReply reply, long start) {
        CompletableFuture<Void> output = request.operation() != Task.Operation.RECOGNIZE
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> images.put(names.outBucket(),
                FileNames.stem(request.fileName()), reply.primaryName().getBytes(StandardCharsets.UTF_8),
                "text/plain", Map.of("request-id", request.id())), writers);
        CompletableFuture<Void> item = CompletableFuture.runAsync(() -> results.put(reply), writers);
        try {
            replies.send(request.replyTo(), WireCodec.toJson(reply));
        } finally {
            // even when the send failed: nothing may still be writing once the caller decides what to do
            CompletableFuture.allOf(output, item).exceptionally(e -> null).join();
        }
        rethrow(output);
        rethrow(item);
        log.info("{} {} -> {} {} in {} ms", request.id(), request.fileName(), reply.status(),
                request.operation() == Task.Operation.RECOGNIZE ? reply.primaryName()
                        : request.operation().name().toLowerCase(Locale.ROOT) + ", " + reply.faces().size() + " faces",
                millis(System.nanoTime() - start));
        return reply;
    }

    private static void rethrow(CompletableFuture<Void> write) {
        try {
            write.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private RecognitionReply reply(RecognitionRequest request, Status status, String message, List<Face> faces,
                                   long received, long start, long downloaded, long recognised) {
        Timings timings = new Timings(Math.max(0, received - request.sentAt()), millis(downloaded - start),
                millis(recognised - downloaded));
        return new RecognitionReply(RecognitionReply.VERSION, request.id(), request.fileName(), status, message,
                faces, recognizer.name(), workerId, timings);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
