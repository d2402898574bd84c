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
    void theIndexChosenForACollectionIsExactUntilItIsLarge() {
        Random random = new Random(1);
        assertThat(SubjectSearch.of(List.of(Faces.face("a", "ann", random)))).isInstanceOf(SearchIndex.class);
    }
}
