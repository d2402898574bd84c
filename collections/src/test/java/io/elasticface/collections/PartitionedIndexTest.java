package io.elasticface.collections;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionedIndexTest {

    @Test
    void aPhotoOfAnEnrolledPersonFindsThemAsTheExactScanDoes() {
        Random random = new Random(23);
        List<float[]> centres = new ArrayList<>();
        List<FaceEntry> faces = new ArrayList<>();
        for (int s = 0; s < 4000; s++) {
            float[] centre = QuantizedIndexTest.near(new float[128], random, 0.042);
            centres.add(centre);
            for (int f = 0; f < 5; f++) {
                faces.add(new FaceEntry("f" + s + "-" + f, "s" + s, "x", null, QuantizedIndexTest.near(centre, random)));
            }
        }
        SearchIndex exact = SearchIndex.of(faces);
        PartitionedIndex partitioned = PartitionedIndex.of(faces, 7L);
        assertThat(partitioned.size()).isEqualTo(20_000);
        assertThat(partitioned.bytes()).isLessThan(20_000L * 140);
        int same = 0;
        for (int q = 0; q < 500; q++) {
            float[] query = QuantizedIndexTest.near(centres.get(random.nextInt(centres.size())), random);
            List<Candidate> want = exact.nearestSubjects(query, 1);
            List<Candidate> got = partitioned.nearestSubjects(query, 1);
            same += want.get(0).subject().equals(got.get(0).subject()) ? 1 : 0;
        }
        assertThat(same).as("of 500 photos of enrolled people").isGreaterThanOrEqualTo(495);
    }

    @Test
    void anIndexFromAStoredPartitionAnswersAsTheTrainedOneAndNewFacesJoinTheirNearestGroup() {
        Random random = new Random(29);
        List<FaceEntry> faces = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            faces.add(Faces.face("f" + i, "s" + i / 3, random));
        }
        Partition trained = Partition.train(faces, 7L);
        Snapshot stored = SnapshotCodec.decode(SnapshotCodec.encode(new Snapshot(Snapshot.FORMAT, "c", faces, null,
                null, 1L, trained)));
        PartitionedIndex fresh = PartitionedIndex.of(faces, trained);
        PartitionedIndex loaded = PartitionedIndex.of(stored.faces(), stored.partition());
        for (int q = 0; q < 50; q++) {
            float[] query = Faces.descriptor(random);
            assertThat(loaded.nearestSubjects(query, 3)).isEqualTo(fresh.nearestSubjects(query, 3));
        }

        List<FaceEntry> grown = new ArrayList<>(faces.subList(1, faces.size())); // f0 removed
        FaceEntry added = Faces.face("new", "newcomer", random);
        grown.add(added);
        Partition updated = Partition.update(trained, faces, grown, 7L);
        assertThat(updated.centres()).as("not trained again").isSameAs(trained.centres());
        assertThat(updated.groups()[0]).isEqualTo(trained.groups()[1]);
        assertThat(updated.groups()[grown.size() - 1]).isEqualTo(Partition.nearest(trained.centres(),
                added.descriptor()));
        assertThat(PartitionedIndex.of(grown, updated).nearestSubjects(added.descriptor(), 1).get(0).subject())
                .isEqualTo("newcomer");
        assertThat(Partition.update(trained, faces, faces, 7L)).isSameAs(trained);
    }

    @Test
    void theIndexChosenForACollectionIsExactUntilItIsLarge() {
        Random random = new Random(1);
        List<FaceEntry> two = List.of(Faces.face("a", "ann", random), Faces.face("b", "bob", random));
        assertThat(new CollectionState().index(two)).isInstanceOf(SearchIndex.class);
        assertThat(new CollectionState(1).index(two)).isInstanceOf(PartitionedIndex.class);
    }
}
