package io.elasticface.wire;

/**
 * What a request asks of the worker beyond the course's recognition. Absent from a request (null) means
 * {@link Operation#RECOGNIZE} against the {@code default} collection, as every message before it did.
 *
 * @param op          the operation
 * @param collection  the collection enrolled into or searched; null for detect and verify
 * @param subject     the person enrolled; null unless {@link Operation#ENROLL}
 * @param version     a collection version the search must see (read-your-writes); null for any
 * @param k           how many subjects a search lists per face
 * @param targetKey   the second image's key for {@link Operation#VERIFY}, in the request's bucket
 * @param largestFace enroll the largest face of a photo holding several instead of refusing it
 */
public record Task(Operation op, String collection, String subject, String version, int k, String targetKey,
                   boolean largestFace) {

    public Task {
        if (op == null) {
            throw new IllegalArgumentException("op must not be null");
        }
        if ((op == Operation.ENROLL || op == Operation.SEARCH) && (collection == null || collection.isBlank())) {
            throw new IllegalArgumentException(op + " needs a collection");
        }
        if (op == Operation.ENROLL && (subject == null || subject.isBlank())) {
            throw new IllegalArgumentException("ENROLL needs a subject");
        }
        if (op == Operation.VERIFY && (targetKey == null || targetKey.isBlank())) {
            throw new IllegalArgumentException("VERIFY needs a targetKey");
        }
    }

    public static Task enroll(String collection, String subject, boolean largestFace) {
        return new Task(Operation.ENROLL, collection, subject, null, 0, null, largestFace);
    }

    public static Task search(String collection, int k, String version) {
        return new Task(Operation.SEARCH, collection, null, version, k, null, false);
    }

    public static Task detect() {
        return new Task(Operation.DETECT, null, null, null, 0, null, false);
    }

    public static Task verify(String targetKey) {
        return new Task(Operation.VERIFY, null, null, null, 0, targetKey, false);
    }

    public enum Operation {
        /** Name every face from the {@code default} collection (the course's contract). */
        RECOGNIZE,
        /** Add the photo's face to a subject of a collection. */
        ENROLL,
        /** Every face with the nearest subjects of a collection. */
        SEARCH,
        /** Faces, scores and landmarks; no names. */
        DETECT,
        /** The largest face of the image against every face of the target image. */
        VERIFY
    }
}
