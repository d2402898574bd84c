package io.elasticface.collections;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizedIndexTest {

    /** Faces as descriptors are: people apart (~0.75), each person's photos near each other (~0.4). */
    @Test
    void itNamesTheSameSubjectsAsTheExactIndexWithinTheQuantisationError() {
        Random random = new Random(17);
        List<float[]> centres = new ArrayList<>();
        List<FaceEntry> faces = new ArrayList<>();
        for (int s = 0; s < 1000; s++) {
            float[] centre = near(new float[128], random, 0.042); // people ~0.67 apart, photos ~0.78
            centres.add(centre);
            for (int f = 0; f < 5; f++) {
                faces.add(new FaceEntry("f" + s + "-" + f, "s" + s, "x", null, near(centre, random)));
            }
        }
        SearchIndex exact = SearchIndex.of(faces);
        QuantizedIndex quantized = QuantizedIndex.of(faces);
        assertThat(quantized.bytes()).isEqualTo(faces.size() * (128L + 4));
        int same = 0;
        for (int q = 0; q < 500; q++) {
            float[] query = near(centres.get(random.nextInt(centres.size())), random);
            List<Candidate> want = exact.nearestSubjects(query, 3);
            List<Candidate> got = quantized.nearestSubjects(query, 3);
            same += want.get(0).subject().equals(got.get(0).subject()) ? 1 : 0;
            assertThat(got.get(0).distance()).isCloseTo(want.get(0).distance(),
                    org.assertj.core.data.Offset.offset(0.02));
        }
        assertThat(same).isGreaterThanOrEqualTo(495);
    }

    /** A photo of the person whose centre it is: distances to the centre ~0.3, so between two photos ~0.4. */
    static float[] near(float[] centre, Random random) {
        return near(centre, random, 0.025);
    }

    static float[] near(float[] centre, Random random, double sigma) {
        float[] d = new float[centre.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = centre[i] + (float) (random.nextGaussian() * sigma);
        }
        return d;
    }
}
