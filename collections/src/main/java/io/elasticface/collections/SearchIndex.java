package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

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
            float d = squaredDistance(vectors, offset, query);
            int s = subjectOf[i];
            if (d < best[s]) {
                best[s] = d;
            }
        }
        // a max-heap of the k best so far: its head is the one to drop
        PriorityQueue<Integer> heap = new PriorityQueue<>((a, b) -> Float.compare(best[b], best[a]));
        for (int s = 0; s < best.length; s++) {
            if (heap.size() < k) {
                heap.add(s);
            } else if (k > 0 && best[s] < best[heap.peek()]) {
                heap.poll();
                heap.add(s);
            }
        }
        List<Candidate> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            int s = heap.poll();
            out.add(0, new Candidate(subjects[s], Math.sqrt(best[s])));
        }
        return out;
    }

    private static float squaredDistance(float[] vectors, int offset, float[] q) {
        // four partial sums: independent chains the CPU can overlap
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (int j = 0; j < D; j += 4) {
            float d0 = vectors[offset + j] - q[j];
            float d1 = vectors[offset + j + 1] - q[j + 1];
            float d2 = vectors[offset + j + 2] - q[j + 2];
            float d3 = vectors[offset + j + 3] - q[j + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
