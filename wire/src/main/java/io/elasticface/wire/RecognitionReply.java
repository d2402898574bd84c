package io.elasticface.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The worker's answer to one {@link RecognitionRequest}, sent to the request's reply-to queue and
 * stored as the request's result.
 *
 * @param version     wire format version, {@link #VERSION}
 * @param id          the request's correlation id
 * @param fileName    the uploaded file's name
 * @param status      what happened
 * @param message     a one-line explanation for anything but {@link Status#OK}; null otherwise
 * @param faces       every face found, the largest first; empty unless OK
 * @param recognizer  which recognizer answered (a placeholder says so here)
 * @param worker      which worker answered
 * @param timings     where the time went
 * @param enrolled    the face an enrollment added; null for other operations
 * @param verified    the answer of a verification; null for other operations
 */
public record RecognitionReply(int version, String id, String fileName, Status status, String message,
                               List<Face> faces, String recognizer, String worker, Timings timings,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Enrolled enrolled,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Verified verified) {

    public static final int VERSION = 1;

    public RecognitionReply {
        RecognitionRequest.requireText(id, "id");
        faces = faces == null ? List.of() : List.copyOf(faces);
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
    }

    /** A reply to recognition, detection or search: no enrollment, no verification. */
    public RecognitionReply(int version, String id, String fileName, Status status, String message, List<Face> faces,
                            String recognizer, String worker, Timings timings) {
        this(version, id, fileName, status, message, faces, recognizer, worker, timings, null, null);
    }

    public RecognitionReply withEnrolled(Enrolled enrolled) {
        return new RecognitionReply(version, id, fileName, status, message, faces, recognizer, worker, timings,
                enrolled, verified);
    }

    public RecognitionReply withVerified(Verified verified) {
        return new RecognitionReply(version, id, fileName, status, message, faces, recognizer, worker, timings,
                enrolled, verified);
    }

    /** The course's answer: the name of the largest face, or a word saying why there is none. */
    public String primaryName() {
        return faces.isEmpty() ? status.courseWord() : faces.get(0).name();
    }

    public enum Status {
        /** At least one face was found and matched. */
        OK,
        /** The image decoded but holds no face. */
        NO_FACE,
        /** The bytes are not a decodable image. */
        BAD_IMAGE,
        /** The image object was not in the bucket. */
        NOT_FOUND,
        /** Enrollment refused: several faces and no {@code face=largest}. */
        MULTIPLE_FACES,
        /** Enrollment refused: the face is smaller than enrollment needs. */
        FACE_TOO_SMALL,
        /** Enrollment refused: the detector is not sure it is a face. */
        LOW_CONFIDENCE,
        /** Processing failed for another reason, for example after too many attempts. */
        FAILED;

        String courseWord() {
            return switch (this) {
                case OK -> "Unknown";
                case NO_FACE -> "NoFace";
                case BAD_IMAGE -> "BadImage";
                case NOT_FOUND -> "NotFound";
                case MULTIPLE_FACES -> "MultipleFaces";
                case FACE_TOO_SMALL -> "FaceTooSmall";
                case LOW_CONFIDENCE -> "LowConfidence";
                case FAILED -> "Failed";
            };
        }
    }

    /**
     * One face.
     *
     * @param box       left, top, right, bottom in the image's pixels as shown (a JPEG upright by its EXIF orientation)
     * @param score     detector confidence, 0..1
     * @param name      the nearest gallery name
     * @param distance  L2 distance to that gallery entry
     * @param match     whether the distance is under the same-person threshold
     * @param landmarks left eye, right eye, nose, left and right mouth corner; only where asked for (detect)
     * @param matches   the nearest subjects, best first; only for a collection search
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Face(Box box, double score, String name, double distance, boolean match, List<Point> landmarks,
                       List<Candidate> matches) {

        public Face(Box box, double score, String name, double distance, boolean match) {
            this(box, score, name, distance, match, null, null);
        }
    }

    /** A landmark in the image's pixels as shown. */
    public record Point(double x, double y) {
    }

    /** One subject a searched face resembles, and the distance to that subject's nearest face. */
    public record Candidate(String subject, double distance) {
    }

    /**
     * The face an enrollment added.
     *
     * @param version the collection's version that holds it: a search passing it sees the face
     */
    public record Enrolled(String faceId, String subject, String collection, Box box, String version) {
    }

    /** A verification: the source's largest face against the target's nearest face. */
    public record Verified(boolean match, double distance, double threshold) {
    }

    public record Box(int left, int top, int right, int bottom) {
        public int area() {
            return Math.max(0, right - left) * Math.max(0, bottom - top);
        }
    }

    /**
     * Milliseconds spent in each stage, as measured by the worker.
     *
     * @param queuedMs     from the web tier's send to the worker's receive
     * @param downloadMs   fetching the image from S3
     * @param inferenceMs  decode, detect, align, describe, match
     */
    public record Timings(long queuedMs, long downloadMs, long inferenceMs) {
        public static final Timings NONE = new Timings(0, 0, 0);
    }
}
