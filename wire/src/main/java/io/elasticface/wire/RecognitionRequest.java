package io.elasticface.wire;

/**
 * The message a web tier sends on the request queue. It only points at the image (images never travel
 * through SQS: the course caps the request queue at 1 KB), and names the queue to reply on, so that
 * several web tiers can share one request queue.
 *
 * @param version   wire format version, {@link #VERSION}
 * @param id        correlation id, unique per upload (never the file name)
 * @param bucket    bucket holding the image
 * @param key       the image's key, derived from the id
 * @param fileName  the uploaded file's name, sanitised; the course's output key derives from it
 * @param replyTo   URL of the response queue the answer goes to
 * @param sentAt    epoch milliseconds when the web tier sent it
 * @param task      what to do; null means recognition, as before tasks existed
 */
public record RecognitionRequest(int version, String id, String bucket, String key, String fileName,
                                 String replyTo, long sentAt, Task task) {

    public static final int VERSION = 1;

    public RecognitionRequest {
        requireText(id, "id");
        requireText(bucket, "bucket");
        requireText(key, "key");
        requireText(fileName, "fileName");
        requireText(replyTo, "replyTo");
    }

    public static RecognitionRequest of(String id, String bucket, String key, String fileName, String replyTo,
                                        long sentAt) {
        return new RecognitionRequest(VERSION, id, bucket, key, fileName, replyTo, sentAt, null);
    }

    public RecognitionRequest withTask(Task task) {
        return new RecognitionRequest(version, id, bucket, key, fileName, replyTo, sentAt, task);
    }

    /** The operation asked for: recognition when the message carries no task. */
    public Task.Operation operation() {
        return task == null ? Task.Operation.RECOGNIZE : task.op();
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
