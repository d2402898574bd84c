package io.elasticface.web.faces;

import io.elasticface.collections.Change;
import io.elasticface.collections.CollectionCache;
import io.elasticface.collections.CollectionStore;
import io.elasticface.collections.FaceEntry;
import io.elasticface.collections.Names;
import io.elasticface.collections.Versions;
import io.elasticface.web.dispatch.Dispatcher.Dispatched;
import io.elasticface.web.dispatch.Dispatcher;
import io.elasticface.web.upload.FormUploads;
import io.elasticface.web.upload.UploadValidator;
import io.elasticface.wire.RecognitionReply.Box;
import io.elasticface.wire.RecognitionReply.Candidate;
import io.elasticface.wire.RecognitionReply.Point;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.Task;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The collection API: enroll, list, remove, search, verify, detect. Photos go through the queue to a worker,
 * which computes every descriptor (this tier holds no model); listings and removals read and write the
 * collection store directly. Errors are problem details ({@link FaceApiErrors}).
 */
@Tag(name = "collections", description = "enroll, list, remove, search; verify and detect")
@RestController
class FacesController {

    static final int MAX_K = 100;

    private final FormUploads uploads;
    private final Dispatcher dispatcher;
    private final CollectionStore collections;
    private final CollectionCache cache;
    private final Clock clock;

    FacesController(FormUploads uploads, Dispatcher dispatcher, CollectionStore collections, CollectionCache cache) {
        this.uploads = uploads;
        this.dispatcher = dispatcher;
        this.collections = collections;
        this.cache = cache;
        this.clock = Clock.systemUTC();
    }

    record EnrolledView(String faceId, String subject, String collection, Box box, String version) {
    }

    record CollectionSummary(String name, int subjects, int faces) {
    }

    record CollectionsView(List<CollectionSummary> collections) {
    }

    /** A subject, its number of faces, and one of them (whose thumbnail stands for the subject). */
    record SubjectSummary(String subject, int faces, String face) {
    }

    record SubjectsView(String collection, List<SubjectSummary> subjects) {
    }

    record FaceView(String faceId, String source, Box box) {
    }

    record SubjectView(String collection, String subject, List<FaceView> faces) {
    }

    record RemovedView(String collection, String subject, List<String> removed, String version) {
    }

    record SearchedFace(Box box, double score, String name, List<Candidate> matches) {
    }

    record SearchView(String collection, List<SearchedFace> faces) {
    }

    record VerifyView(boolean match, double distance, double threshold) {
    }

    record DetectedFace(Box box, double score, List<Point> landmarks) {
    }

    record DetectView(List<DetectedFace> faces) {
    }

    @Operation(summary = "Enroll the face in a photo as a subject of a collection (created by its first enrollment)")
    @PostMapping(path = "/collections/{collection}/subjects/{subject}/faces", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Object>> enroll(@PathVariable String collection, @PathVariable String subject,
                                                     @RequestParam(name = "face", required = false) String face,
                                                     @RequestParam(name = UploadValidator.FIELD, required = false)
                                                     MultipartFile inputFile, HttpServletRequest request) {
        Names.require("collection", collection);
        Names.require("subject", subject);
        if (face != null && !face.equals("largest")) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", "face may only be 'largest' (enroll "
                    + "the largest face of a photo holding several); got '" + face + "'");
        }
        Dispatched dispatched = dispatcher.dispatch(uploads.read(UploadValidator.FIELD, inputFile, request),
                Task.enroll(collection, subject, face != null));
        return answer(dispatched, reply -> {
            RecognitionReply.Enrolled e = reply.enrolled();
            return ResponseEntity.created(URI.create("/collections/" + collection + "/subjects/" + subject))
                    .body(new EnrolledView(e.faceId(), e.subject(), e.collection(), e.box(), e.version()));
        });
    }

    @Operation(summary = "Every collection, with its numbers of subjects and faces")
    @GetMapping(path = "/collections", produces = MediaType.APPLICATION_JSON_VALUE)
    CollectionsView collections() {
        return new CollectionsView(collections.collections().stream().map(name -> {
            List<FaceEntry> faces = cache.fresh(name).faces();
            return new CollectionSummary(name, (int) faces.stream().map(FaceEntry::subject).distinct().count(),
                    faces.size());
        }).toList());
    }

    @Operation(summary = "The subjects of a collection, with their numbers of faces")
    @GetMapping(path = "/collections/{collection}/subjects", produces = MediaType.APPLICATION_JSON_VALUE)
    SubjectsView subjects(@PathVariable String collection) {
        Map<String, List<FaceEntry>> bySubject = new TreeMap<>(existing(collection).faces().stream()
                .collect(Collectors.groupingBy(FaceEntry::subject)));
        return new SubjectsView(collection, bySubject.entrySet().stream()
                .map(e -> new SubjectSummary(e.getKey(), e.getValue().size(), e.getValue().get(0).faceId())).toList());
    }

    @Operation(summary = "The faces of a subject")
    @GetMapping(path = "/collections/{collection}/subjects/{subject}", produces = MediaType.APPLICATION_JSON_VALUE)
    SubjectView subject(@PathVariable String collection, @PathVariable String subject) {
        return new SubjectView(collection, subject, facesOf(existing(collection), subject).stream()
                .map(f -> new FaceView(f.faceId(), f.source(), f.box())).toList());
    }

    @Operation(summary = "Remove one face of a subject")
    @DeleteMapping(path = "/collections/{collection}/subjects/{subject}/faces/{faceId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    RemovedView removeFace(@PathVariable String collection, @PathVariable String subject, @PathVariable String faceId) {
        List<FaceEntry> faces = facesOf(existing(collection), subject);
        if (faces.stream().noneMatch(f -> f.faceId().equals(faceId))) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "NO_SUCH_FACE", "subject " + subject + " of collection "
                    + collection + " has no face " + faceId);
        }
        return remove(collection, subject, List.of(faceId));
    }

    @Operation(summary = "Remove a subject and all its faces")
    @DeleteMapping(path = "/collections/{collection}/subjects/{subject}", produces = MediaType.APPLICATION_JSON_VALUE)
    RemovedView removeSubject(@PathVariable String collection, @PathVariable String subject) {
        return remove(collection, subject, facesOf(existing(collection), subject).stream()
                .map(FaceEntry::faceId).toList());
    }

    private RemovedView remove(String collection, String subject, List<String> faceIds) {
        long now = clock.millis();
        String version = Versions.fresh(now);
        collections.append(collection, version, Change.remove(collection, faceIds, now));
        faceIds.forEach(id -> collections.deleteThumbnail(collection, id)); // after: a listed face keeps its picture
        return new RemovedView(collection, subject, faceIds, version);
    }

    @Operation(summary = "A small square JPEG of an enrolled face")
    @GetMapping(path = "/collections/{collection}/subjects/{subject}/faces/{faceId}/thumbnail",
            produces = MediaType.IMAGE_JPEG_VALUE)
    ResponseEntity<byte[]> thumbnail(@PathVariable String collection, @PathVariable String subject,
                                     @PathVariable String faceId) {
        Names.require("collection", collection);
        Names.require("subject", subject);
        if (!Names.isValid(faceId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_NAME", "not a face id: " + faceId);
        }
        return collections.thumbnail(collection, faceId)
                .map(jpeg -> ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                        .cacheControl(CacheControl.maxAge(Duration.ofDays(1))).body(jpeg))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "NO_SUCH_FACE", "no thumbnail of face "
                        + faceId + " in collection " + collection));
    }

    @Operation(summary = "Every face of a photo with the k nearest subjects of a collection; unknown beyond the threshold")
    @PostMapping(path = "/collections/{collection}/search", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Object>> search(@PathVariable String collection,
                                                     @RequestParam(name = "k", defaultValue = "1") int k,
                                                     @RequestParam(name = "version", required = false) String version,
                                                     @RequestParam(name = UploadValidator.FIELD, required = false)
                                                     MultipartFile inputFile, HttpServletRequest request) {
        Names.require("collection", collection);
        if (k < 1 || k > MAX_K) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", "k is how many subjects to list per "
                    + "face, 1 to " + MAX_K + "; got " + k);
        }
        if (version != null && !Versions.isWellFormed(version)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", "version is one an enrollment or a "
                    + "removal answered, e.g. 1764000000000-<id>; got '" + version + "'");
        }
        existing(collection, cache.view(collection, null));
        Dispatched dispatched = dispatcher.dispatch(uploads.read(UploadValidator.FIELD, inputFile, request),
                Task.search(collection, k, version));
        return answer(dispatched, reply -> ResponseEntity.ok(new SearchView(collection, reply.faces().stream()
                .map(f -> new SearchedFace(f.box(), f.score(), f.name(), f.matches())).toList())));
    }

    @Operation(summary = "Whether the largest face of the source photo is someone in the target photo")
    @PostMapping(path = "/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Object>> verify(
            @RequestParam(name = "source", required = false) MultipartFile source,
            @RequestParam(name = "target", required = false) MultipartFile target, HttpServletRequest request) {
        Dispatched dispatched = dispatcher.verify(uploads.read("source", source, request),
                uploads.read("target", target, request));
        return answer(dispatched, reply -> ResponseEntity.ok(new VerifyView(reply.verified().match(),
                reply.verified().distance(), reply.verified().threshold())));
    }

    @Operation(summary = "Every face of a photo with its box, score and five landmarks; no names")
    @PostMapping(path = "/detect", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Object>> detect(
            @RequestParam(name = UploadValidator.FIELD, required = false) MultipartFile inputFile,
            HttpServletRequest request) {
        Dispatched dispatched = dispatcher.dispatch(uploads.read(UploadValidator.FIELD, inputFile, request),
                Task.detect());
        return answer(dispatched, reply -> ResponseEntity.ok(new DetectView(reply.faces().stream()
                .map(f -> new DetectedFace(f.box(), f.score(), f.landmarks())).toList())), Status.NO_FACE);
    }

    /** The collection as the store has it now; 404 when it has never had a face. */
    private CollectionCache.View existing(String collection) {
        Names.require("collection", collection);
        return existing(collection, cache.fresh(collection));
    }

    private static CollectionCache.View existing(String collection, CollectionCache.View view) {
        if (!view.exists()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "NO_SUCH_COLLECTION", "there is no collection " + collection
                    + ": enroll a face into it first");
        }
        return view;
    }

    private static List<FaceEntry> facesOf(CollectionCache.View view, String subject) {
        Names.require("subject", subject);
        List<FaceEntry> faces = view.faces().stream().filter(f -> f.subject().equals(subject))
                .sorted(Comparator.comparing(FaceEntry::faceId)).toList();
        if (faces.isEmpty()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "NO_SUCH_SUBJECT", "collection " + view.collection()
                    + " has no subject " + subject);
        }
        return faces;
    }

    /**
     * The reply as the endpoint's answer when it is OK (or one of the {@code alsoOk} statuses), as a problem
     * otherwise; a reply that does not come in time is a 504 naming the request.
     */
    private static CompletableFuture<ResponseEntity<Object>> answer(Dispatched dispatched,
                                                                    Function<RecognitionReply, ResponseEntity<Object>> ok,
                                                                    Status... alsoOk) {
        return dispatched.reply().thenApply(reply -> {
            if (reply.status() == Status.OK || List.of(alsoOk).contains(reply.status())) {
                return ok.apply(reply);
            }
            throw refusal(reply);
        }).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ApiProblem problem) {
                throw problem;
            }
            if (cause instanceof TimeoutException) {
                throw new ApiProblem(HttpStatus.GATEWAY_TIMEOUT, "TIMEOUT", "no reply for request " + dispatched.id()
                        + " yet; fetch its result later at /results/" + dispatched.id(), dispatched.id());
            }
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "FAILED", "request " + dispatched.id() + " failed: "
                    + cause.getMessage(), dispatched.id());
        });
    }

    private static ApiProblem refusal(RecognitionReply reply) {
        HttpStatus status = switch (reply.status()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FAILED -> HttpStatus.BAD_GATEWAY;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        return new ApiProblem(status, reply.status() == Status.NOT_FOUND ? "NO_SUCH_COLLECTION" : reply.status().name(),
                reply.message(), reply.id());
    }
}
