package io.elasticface.app.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.app.recognition.FaceAnalyzer;
import io.elasticface.collections.CollectionCache;
import io.elasticface.collections.CollectionStore;
import io.elasticface.collections.FaceEntry;
import io.elasticface.collections.Names;
import io.elasticface.engine.Box;
import io.elasticface.engine.Face;
import io.elasticface.engine.gallery.Match;
import io.elasticface.testing.InMemoryObjectStore;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionRequest;
import io.elasticface.wire.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The enrollment rules and the search's unknown with a SCRIPTED analyzer (a test double that answers the faces
 * it is given, no model): the real engine runs these operations in {@code FaceApiTest}, but cannot be made to
 * find a face of a chosen size or confidence.
 */
class TaskRunnerTest {

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final CollectionStore store = new CollectionStore(objects, "gallery", "gallery/current.gallery");
    private final CollectionCache cache = new CollectionCache(store, Duration.ZERO, Clock.systemUTC());
    private final List<Face> scripted = new ArrayList<>();
    private final FaceAnalyzer analyzer = new FaceAnalyzer() {
        @Override
        public List<Face> analyze(byte[] image) {
            return List.copyOf(scripted);
        }

        @Override
        public byte[] thumbnail(byte[] image, Box box) {
            return new byte[] {1, 2, 3};
        }
    };
    private final TaskRunner runner = new TaskRunner(analyzer, store, cache, new TaskSettings(0.6, 20, 0.9));

    TaskRunnerTest() {
        objects.ensureBucket("gallery");
    }

    @Test
    void enrollmentRefusesSmallUnsureAndSeveralFacesAndAcceptsTheLargestWhenAsked() throws Exception {
        scripted.add(face(19, 0.99, 0f));
        assertThat(enroll(false).status()).isEqualTo(Status.FACE_TOO_SMALL);
        scripted.set(0, face(40, 0.85, 0f));
        TaskRunner.Outcome unsure = enroll(false);
        assertThat(unsure.status()).isEqualTo(Status.LOW_CONFIDENCE);
        assertThat(unsure.message()).contains("0.85").contains("0.90");
        scripted.set(0, face(40, 0.99, 0f));
        scripted.add(face(30, 0.99, 0.5f));
        assertThat(enroll(false).status()).isEqualTo(Status.MULTIPLE_FACES);
        assertThat(objects.keys("gallery", "")).as("nothing written by a refusal").isEmpty();

        TaskRunner.Outcome ok = enroll(true);
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.enrolled().box().right()).isEqualTo(40);
        TaskRunner.Outcome again = enroll(true);
        assertThat(again.enrolled().faceId()).as("a retried message enrolls the same face").isEqualTo(ok.enrolled()
                .faceId());
        assertThat(cache.view("c", null).faces()).hasSize(1);
        assertThat(store.thumbnail("c", ok.enrolled().faceId())).hasValue(new byte[] {1, 2, 3});
    }

    @Test
    void aSearchedFaceFartherThanTheThresholdIsUnknownWithItsNearestStillListed() throws Exception {
        scripted.add(face(40, 0.99, 0f));
        enroll(false);
        scripted.set(0, face(40, 0.99, 0.01f)); // 128 values 0.01 apart: distance 0.113
        TaskRunner.Outcome near = search();
        assertThat(near.faces().get(0).name()).isEqualTo("ann");
        scripted.set(0, face(40, 0.99, 0.06f)); // distance 0.68
        TaskRunner.Outcome far = search();
        assertThat(far.faces().get(0).name()).isEqualTo(TaskRunner.UNKNOWN);
        assertThat(far.faces().get(0).matches()).hasSize(1);
        assertThat(far.faces().get(0).matches().get(0).subject()).isEqualTo("ann");
        assertThat(far.faces().get(0).matches().get(0).distance()).isGreaterThan(0.6);
    }

    /** A view of the collection taken before the enrollment, which would stay in use for an hour otherwise. */
    @Test
    void theWorkerThatEnrollsAFaceSeesItAtOnceInAViewThatNamesNoVersion() throws Exception {
        CollectionCache hourly = new CollectionCache(store, Duration.ofHours(1), Clock.systemUTC());
        TaskRunner enrolling = new TaskRunner(analyzer, store, hourly, new TaskSettings(0.6, 20, 0.9));
        assertThat(hourly.view(Names.DEFAULT_COLLECTION, null).faces()).isEmpty();
        scripted.add(face(40, 0.99, 0f));
        TaskRunner.Outcome ok = enrolling.run(request(Task.enroll(Names.DEFAULT_COLLECTION, "ann", false)),
                new byte[1], (b, k) -> Optional.empty());
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(hourly.view(Names.DEFAULT_COLLECTION, null).faces()).extracting(FaceEntry::subject)
                .containsExactly("ann");
    }

    private TaskRunner.Outcome enroll(boolean largest) throws Exception {
        return runner.run(request(Task.enroll("c", "ann", largest)), new byte[1], (b, k) -> Optional.empty());
    }

    private TaskRunner.Outcome search() throws Exception {
        return runner.run(request(Task.search("c", 1, null)), new byte[1], (b, k) -> Optional.empty());
    }

    private static RecognitionRequest request(Task task) {
        return RecognitionRequest.of("req-1", "in", "req-1/a.jpg", "a.jpg", "http://reply", 1_000L).withTask(task);
    }

    private static Face face(int side, double score, float value) {
        float[] descriptor = new float[128];
        java.util.Arrays.fill(descriptor, value);
        return new Face(new Box(0, 0, side, side), score, List.of(), descriptor, new Match("x", 1, false));
    }
}
