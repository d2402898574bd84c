package io.elasticface.app.tasks;

import io.elasticface.app.recognition.FaceAnalyzer;
import io.elasticface.collections.Change;
import io.elasticface.collections.CollectionCache;
import io.elasticface.collections.CollectionStore;
import io.elasticface.collections.FaceEntry;
import io.elasticface.collections.Versions;
import io.elasticface.engine.Face;
import io.elasticface.engine.UnreadableImageException;
import io.elasticface.engine.gallery.GalleryMatcher;
import io.elasticface.wire.RecognitionReply.Box;
import io.elasticface.wire.RecognitionReply.Candidate;
import io.elasticface.wire.RecognitionReply.Enrolled;
import io.elasticface.wire.RecognitionReply.Point;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply.Verified;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RecognitionRequest;
import io.elasticface.wire.Task;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection API's operations in the worker: enroll, search, detect, verify. Descriptors are computed
 * here and nowhere else. An enrollment writes one change (a single object: all or nothing) before it
 * answers, under a version and face id derived from the request, so a retried message writes the same
 * change again instead of a second face.
 */
public final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    /** The search answer for a face farther than the threshold from every subject. */
    public static final String UNKNOWN = "unknown";

    private final FaceAnalyzer analyzer;
    private final CollectionStore collections;
    private final CollectionCache cache;
    private final TaskSettings settings;

    public TaskRunner(FaceAnalyzer analyzer, CollectionStore collections, CollectionCache cache,
                      TaskSettings settings) {
        this.analyzer = analyzer;
        this.collections = collections;
        this.cache = cache;
        this.settings = settings;
    }

    /** What a task came to: the reply's status, message, faces and, for enroll and verify, their answer. */
    public record Outcome(Status status, String message, List<RecognitionReply.Face> faces, Enrolled enrolled,
                          Verified verified) {
        static Outcome refused(Status status, String message) {
            return new Outcome(status, message, List.of(), null, null);
        }
    }

    /**
     * @param image  the request's image
     * @param target the target image of a verification (looked up by the caller), else unused
     */
    public Outcome run(RecognitionRequest request, byte[] image, BiFunction<String, String, Optional<byte[]>> target)
            throws UnreadableImageException {
        Task task = request.task();
        return switch (task.op()) {
            case ENROLL -> enroll(request, task, image, analyzer.analyze(image));
            case SEARCH -> search(request, task, analyzer.analyze(image));
            case DETECT -> detect(analyzer.analyze(image));
            case VERIFY -> verify(request, task, analyzer.analyze(image), target);
            case RECOGNIZE -> throw new IllegalArgumentException("recognition is not a collection task");
        };
    }

    private Outcome enroll(RecognitionRequest request, Task task, byte[] image, List<Face> faces)
            throws UnreadableImageException {
        if (faces.isEmpty()) {
            return Outcome.refused(Status.NO_FACE, "no face found in " + request.fileName());
        }
        if (faces.size() > 1 && !task.largestFace()) {
            return Outcome.refused(Status.MULTIPLE_FACES, request.fileName() + " holds " + faces.size()
                    + " faces; enroll a photo of one person, or add ?face=largest to enroll the largest");
        }
        Face face = faces.get(0);
        int side = Math.min(face.box().width(), face.box().height());
        if (side < settings.minEnrollSide()) {
            return Outcome.refused(Status.FACE_TOO_SMALL, "the face in " + request.fileName() + " is " + side
                    + " pixels across; enrollment needs at least " + settings.minEnrollSide());
        }
        if (face.score() < settings.minEnrollScore()) {
            return Outcome.refused(Status.LOW_CONFIDENCE, String.format("the detector is %.2f sure the face in %s "
                    + "is one; enrollment needs %.2f", face.score(), request.fileName(), settings.minEnrollScore()));
        }
        String faceId = UUID.nameUUIDFromBytes(("face/" + request.id()).getBytes(StandardCharsets.UTF_8)).toString();
        String version = Versions.of(request.sentAt(), faceId);
        Box box = box(face);
        // the thumbnail first: a face that can be listed has its picture
        collections.putThumbnail(task.collection(), faceId, analyzer.thumbnail(image, face.box()));
        collections.append(task.collection(), version, Change.add(task.collection(),
                new FaceEntry(faceId, task.subject(), request.fileName(), box, face.descriptor()), request.sentAt()));
        // this worker's own view knows the face at once: a recognition it serves next (POST / names no version)
        // would otherwise use a view up to the cache's age old and miss it (seen: the demo's second portrait).
        // The face is stored either way, so a failed refresh does not fail the enrollment.
        try {
            cache.view(task.collection(), version);
        } catch (RuntimeException e) {
            log.warn("Enrolled {} in {}, but cannot refresh this worker's view of it now: {}", faceId,
                    task.collection(), e.getMessage());
        }
        return new Outcome(Status.OK, null, List.of(new RecognitionReply.Face(box, face.score(), task.subject(), 0,
                true)), new Enrolled(faceId, task.subject(), task.collection(), box, version), null);
    }

    private Outcome search(RecognitionRequest request, Task task, List<Face> faces) {
        CollectionCache.View view = cache.view(task.collection(), task.version());
        if (!view.exists()) {
            return Outcome.refused(Status.NOT_FOUND, "no collection " + task.collection());
        }
        if (faces.isEmpty()) {
            return Outcome.refused(Status.NO_FACE, "no face found in " + request.fileName());
        }
        List<RecognitionReply.Face> found = new ArrayList<>(faces.size());
        for (Face face : faces) {
            List<Candidate> matches = view.index().nearestSubjects(face.descriptor(), Math.max(1, task.k()));
            boolean match = !matches.isEmpty() && matches.get(0).distance() < settings.threshold();
            double distance = matches.isEmpty() ? 0 : matches.get(0).distance();
            found.add(new RecognitionReply.Face(box(face), face.score(), match ? matches.get(0).subject() : UNKNOWN,
                    distance, match, null, matches));
        }
        return new Outcome(Status.OK, null, found, null, null);
    }

    private static Outcome detect(List<Face> faces) {
        List<RecognitionReply.Face> found = faces.stream().map(f -> new RecognitionReply.Face(box(f), f.score(),
                null, 0, false, f.landmarks().stream().map(p -> new Point(p.x(), p.y())).toList(), null)).toList();
        return new Outcome(faces.isEmpty() ? Status.NO_FACE : Status.OK, null, found, null, null);
    }

    private Outcome verify(RecognitionRequest request, Task task, List<Face> source,
                           BiFunction<String, String, Optional<byte[]>> target) throws UnreadableImageException {
        if (source.isEmpty()) {
            return Outcome.refused(Status.NO_FACE, "no face found in the source photo " + request.fileName());
        }
        byte[] targetImage = target.apply(request.bucket(), task.targetKey()).orElse(null);
        if (targetImage == null) {
            return Outcome.refused(Status.NOT_FOUND, "no target image at " + task.targetKey());
        }
        List<Face> targets = analyzer.analyze(targetImage);
        if (targets.isEmpty()) {
            return Outcome.refused(Status.NO_FACE, "no face found in the target photo");
        }
        Face face = source.get(0);
        double nearest = Double.POSITIVE_INFINITY;
        for (Face t : targets) {
            nearest = Math.min(nearest, GalleryMatcher.distance(face.descriptor(), t.descriptor()));
        }
        boolean match = nearest < settings.threshold();
        return new Outcome(Status.OK, null, List.of(new RecognitionReply.Face(box(face), face.score(), null, nearest,
                match)), null, new Verified(match, nearest, settings.threshold()));
    }

    private static Box box(Face face) {
        var b = face.box();
        return new Box(b.left(), b.top(), b.right(), b.bottom());
    }
}
