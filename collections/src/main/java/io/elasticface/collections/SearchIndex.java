package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact nearest-subject search over a collection's faces: the descriptors packed in one array (one pass over
 * contiguous memory), the best distance kept per subject, the k best subjects out of a bounded heap.
 * Immutable; built again when the collection changes.
 */
public final class SearchIndex implements SubjectSearch {

    private static final int D = FaceEntry.DESCRIPTOR_SIZE;

    private final float[] vectors;
    private final int[] subjectOf;
    private final String[] subjects;

    private SearchIndex(float[] vectors, int[] subjectOf, String[] subjects) {
        this.vectors = vectors;
        this.subjectOf = subjectOf;
        this.subjects = subjects;
    }

    public static SearchIndex of(List<FaceEntry> faces) {
        float[] vectors = new float[faces.size() * D];
        int[] subjectOf = new int[faces.size()];
        Map<String, Integer> ids = new HashMap<>();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            FaceEntry face = faces.get(i);
            System.arraycopy(face.descriptor(), 0, vectors, i * D, D);
            subjectOf[i] = ids.computeIfAbsent(face.subject(), s -> {
                subjects.add(s);
                return subjects.size() - 1;
            });
        }
        return new SearchIndex(vectors, subjectOf, subjects.toArray(String[]::new));
    }

    public int size() {
        return subjectOf.length;
    }

    /** The k subjects nearest to a descriptor, best first, each with the distance to its nearest face. */
    @Override
    public List<Candidate> nearestSubjects(float[] query, int k) {
        if (query.length != D) {
            throw new IllegalArgumentException("a descriptor has " + D + " values");
        }
        float[] best = new float[subjects.length];
        Arrays.fill(best, Float.POSITIVE_INFINITY);
        for (int i = 0, offset = 0; i < subjectOf.length; i++, offset += D) {
            float d = Distances.squared(vectors, offset, query);
            int s = subjectOf[i];
            if (d < best[s]) {
                best[s] = d;
            }
        }
        return Distances.nearest(subjects, s -> best[s], 1, k);
    }
}
