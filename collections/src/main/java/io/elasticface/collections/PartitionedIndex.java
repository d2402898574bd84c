package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Nearest-subject search for large collections: faces are grouped around √n centres (k-means on a sample), each
 * stored as one byte per dimension ({@link QuantizedIndex}'s rounding), and a query scans only the faces of its
 * {@value #PROBES} nearest groups. A person's photos lie close together, so they share a group, or sit in the
 * next nearest: the probes find them. Memory is ~132 bytes a face; the scan a few percent of the collection.
 * Immutable.
 */
public final class PartitionedIndex implements SubjectSearch {

    static final int PROBES = 24;
    private static final int D = FaceEntry.DESCRIPTOR_SIZE;
    private static final int TRAINING_ROUNDS = 6;
    private static final int SAMPLE_PER_CENTRE = 24;

    private final float[] centres;      // groups × D
    private final int[] start;          // faces of group g: [start[g], start[g + 1]) in the arrays below
    private final byte[] codes;         // faces × D, ordered by group
    private final int[] subjectOf;      // by the same order
    private final String[] subjects;
    private final float step;

    private PartitionedIndex(float[] centres, int[] start, byte[] codes, int[] subjectOf, String[] subjects,
                             float step) {
        this.centres = centres;
        this.start = start;
        this.codes = codes;
        this.subjectOf = subjectOf;
        this.subjects = subjects;
        this.step = step;
    }

    /** @param seed for the training sample: the same faces give the same index */
    public static PartitionedIndex of(List<FaceEntry> faces, long seed) {
        int n = faces.size();
        int groups = Math.max(1, (int) Math.sqrt(n));
        float[] centres = train(faces, groups, new Random(seed));
        int[] group = new int[n];
        int[] count = new int[groups + 1];
        for (int i = 0; i < n; i++) {
            group[i] = nearest(centres, faces.get(i).descriptor());
            count[group[i] + 1]++;
        }
        int[] start = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            start[g + 1] = start[g] + count[g + 1];
        }
        float max = 1e-6f;
        for (FaceEntry face : faces) {
            for (float v : face.descriptor()) {
                max = Math.max(max, Math.abs(v));
            }
        }
        float step = max / 127f;
        byte[] codes = new byte[n * D];
        int[] subjectOf = new int[n];
        int[] next = Arrays.copyOf(start, groups);
        Map<String, Integer> ids = new HashMap<>();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = next[group[i]]++;
            float[] d = faces.get(i).descriptor();
            Distances.quantize(d, step, codes, at * D);
            subjectOf[at] = ids.computeIfAbsent(faces.get(i).subject(), s -> {
                subjects.add(s);
                return subjects.size() - 1;
            });
        }
        return new PartitionedIndex(centres, start, codes, subjectOf, subjects.toArray(String[]::new), step);
    }

    /** Lloyd's k-means on a sample of the faces, started from random faces of it. */
    private static float[] train(List<FaceEntry> faces, int groups, Random random) {
        int sampleSize = Math.min(faces.size(), groups * SAMPLE_PER_CENTRE);
        List<float[]> sample = new ArrayList<>(sampleSize);
        for (int i = 0; i < sampleSize; i++) {
            sample.add(faces.get(random.nextInt(faces.size())).descriptor());
        }
        float[] centres = new float[groups * D];
        for (int g = 0; g < groups; g++) {
            System.arraycopy(sample.get(random.nextInt(sampleSize)), 0, centres, g * D, D);
        }
        for (int round = 0; round < TRAINING_ROUNDS; round++) {
            float[] sums = new float[groups * D];
            int[] sizes = new int[groups];
            for (float[] v : sample) {
                int g = nearest(centres, v);
                sizes[g]++;
                for (int j = 0; j < D; j++) {
                    sums[g * D + j] += v[j];
                }
            }
            for (int g = 0; g < groups; g++) {
                if (sizes[g] > 0) { // an empty group keeps its centre
                    for (int j = 0; j < D; j++) {
                        centres[g * D + j] = sums[g * D + j] / sizes[g];
                    }
                }
            }
        }
        return centres;
    }

    private static int nearest(float[] centres, float[] v) {
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int g = 0, offset = 0; offset < centres.length; g++, offset += D) {
            float d = Distances.squared(centres, offset, v);
            if (d < bestDistance) {
                bestDistance = d;
                best = g;
            }
        }
        return best;
    }

    public int size() {
        return subjectOf.length;
    }

    /** Bytes held by the index's arrays. */
    public long bytes() {
        return codes.length + 4L * subjectOf.length + 4L * centres.length + 4L * start.length;
    }

    @Override
    public List<Candidate> nearestSubjects(float[] query, int k) {
        int groups = start.length - 1;
        float[] toCentre = new float[groups];
        Integer[] order = new Integer[groups];
        for (int g = 0; g < groups; g++) {
            toCentre[g] = Distances.squared(centres, g * D, query);
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> Float.compare(toCentre[a], toCentre[b]));
        byte[] q = new byte[D];
        Distances.quantize(query, step, q, 0);
        Map<Integer, Integer> best = new HashMap<>();
        for (int p = 0; p < Math.min(PROBES, groups); p++) {
            int g = order[p];
            for (int i = start[g]; i < start[g + 1]; i++) {
                int d = Distances.squared(codes, i * D, q);
                best.merge(subjectOf[i], d, Math::min);
            }
        }
        PriorityQueue<Map.Entry<Integer, Integer>> heap = new PriorityQueue<>((a, b) -> Integer.compare(b.getValue(),
                a.getValue()));
        for (Map.Entry<Integer, Integer> e : best.entrySet()) {
            heap.add(e);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        List<Candidate> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            Map.Entry<Integer, Integer> e = heap.poll();
            out.add(0, new Candidate(subjects[e.getKey()], Math.sqrt(e.getValue()) * step));
        }
        return out;
    }
}
