package io.elasticface.collections;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchIndexTest {

    @Test
    void theKNearestSubjectsAreThoseOfAPlainScanBestFirst() {
        Random random = new Random(11);
        List<FaceEntry> faces = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            faces.add(Faces.face("f" + i, "s" + random.nextInt(300), random));
        }
        SearchIndex index = SearchIndex.of(faces);
        for (int q = 0; q < 50; q++) {
            float[] query = Faces.descriptor(random);
            Map<String, Double> best = new LinkedHashMap<>();
            for (FaceEntry f : faces) {
                best.merge(f.subject(), distance(f.descriptor(), query), Math::min);
            }
            List<Map.Entry<String, Double>> expected = best.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue()).limit(5).toList();
            List<Candidate> found = index.nearestSubjects(query, 5);
            assertThat(found).extracting(Candidate::subject)
                    .containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
            for (int i = 0; i < 5; i++) {
                assertThat(found.get(i).distance()).isCloseTo(expected.get(i).getValue(),
                        org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(found).isSortedAccordingTo(Comparator.comparingDouble(Candidate::distance));
        }
    }

    @Test
    void fewerSubjectsThanKListsThemAllAndAnEmptyIndexNone() {
        Random random = new Random(3);
        SearchIndex two = SearchIndex.of(List.of(Faces.face("a", "ann", random), Faces.face("b", "bob", random),
                Faces.face("c", "ann", random)));
        assertThat(two.nearestSubjects(Faces.descriptor(random), 10)).extracting(Candidate::subject)
                .containsExactlyInAnyOrder("ann", "bob");
        assertThat(SearchIndex.of(List.of()).nearestSubjects(Faces.descriptor(random), 3)).isEmpty();
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
