package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-subject search for large collections: faces are grouped around √n centres ({@link Partition}), each
 * stored as one byte per dimension ({@link QuantizedIndex}'s rounding), and a query scans only the faces of its
 * nearest groups. A person's photos lie close together, so they share a group, or sit in the next nearest: the
 * probes find them. Memory is ~132 bytes a face; the scan a few percent of the collection. Immutable and
 * thread-safe.
 */
public final class PartitionedIndex implements SubjectSearch {

    /**
     * Groups scanned per query, chosen by {@code elasticface bench-search} (BENCHMARKS.md, "Search at scale"): at a
     * million faces, the fewest that name the same person as the exact scan on ≥ 99.9% of photos of enrolled people.
     */
    static final int PROBES = 48;
    private static final int D = FaceEntry.DESCRIPTOR_SIZE;

    private final float[] centres;      // groups × D
    private final int[] start;          // faces of group g: [start[g], start[g + 1]) in the arrays below
    private final byte[] codes;         // faces × D, ordered by group
    private final int[] subjectOf;      // by the same order
    private final String[] subjects;
    private final float step;
    private final int probes;
    private final ThreadLocal<int[]> bestBySubject;

    private PartitionedIndex(float[] centres, int[] start, byte[] codes, int[] subjectOf, String[] subjects,
                             float step, int probes) {
        this.centres = centres;
        this.start = start;
        this.codes = codes;
        this.subjectOf = subjectOf;
        this.subjects = subjects;
        this.step = step;
        this.probes = probes;
        this.bestBySubject = ThreadLocal.withInitial(() -> {
            int[] best = new int[subjects.length];
            Arrays.fill(best, Integer.MAX_VALUE);
            return best;
        });
    }

    /** @param seed for the training sample: the same faces give the same index */
    public static PartitionedIndex of(List<FaceEntry> faces, long seed) {
        return of(faces, Partition.train(faces, seed));
    }

    /** The index of faces already partitioned (the partition made for exactly these faces): no training. */
    public static PartitionedIndex of(List<FaceEntry> faces, Partition partition) {
        int n = faces.size();
        if (partition.groups().length != n) {
            throw new IllegalArgumentException("a partition of " + partition.groups().length + " faces, not " + n);
        }
        int groups = partition.groupCount();
        int[] start = new int[groups + 1];
        for (int g : partition.groups()) {
            start[g + 1]++;
        }
        for (int g = 0; g < groups; g++) {
            start[g + 1] += start[g];
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
            int at = next[partition.groups()[i]]++;
            Distances.quantize(faces.get(i).descriptor(), step, codes, at * D);
            subjectOf[at] = ids.computeIfAbsent(faces.get(i).subject(), s -> {
                subjects.add(s);
                return subjects.size() - 1;
            });
        }
        return new PartitionedIndex(partition.centres(), start, codes, subjectOf, subjects.toArray(String[]::new),
                step, PROBES);
    }

    /** The same index scanning {@code probes} groups a query: for measuring. */
    public PartitionedIndex withProbes(int probes) {
        return new PartitionedIndex(centres, start, codes, subjectOf, subjects, step, probes);
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
        int[] probed = nearestGroups(query, Math.min(probes, start.length - 1));
        byte[] q = new byte[D];
        Distances.quantize(query, step, q, 0);
        // each subject's best distance, in a per-thread array reset after use: no boxing in the scan. Not a fresh
        // array per query: zeroing 0.8 MB at a million faces made a query 15.7 -> 20.9 ms (bench-search, A/B)
        int[] best = bestBySubject.get();
        int[] touched = new int[64];
        int touchedCount = 0;
        for (int g : probed) {
            for (int i = start[g]; i < start[g + 1]; i++) {
                int d = Distances.squared(codes, i * D, q);
                int s = subjectOf[i];
                if (best[s] == Integer.MAX_VALUE) {
                    if (touchedCount == touched.length) {
                        touched = Arrays.copyOf(touched, touchedCount * 2);
                    }
                    touched[touchedCount++] = s;
                    best[s] = d;
                } else if (d < best[s]) {
                    best[s] = d;
                }
            }
        }
        int[] found = Arrays.copyOf(touched, touchedCount);
        int[] distance = new int[touchedCount];
        for (int t = 0; t < touchedCount; t++) {
            distance[t] = best[found[t]];
            best[found[t]] = Integer.MAX_VALUE;
        }
        String[] names = new String[touchedCount];
        for (int t = 0; t < touchedCount; t++) {
            names[t] = subjects[found[t]];
        }
        return Distances.nearest(names, t -> distance[t], step, k);
    }

    /** The {@code count} groups whose centres are nearest to the query, by insertion into a sorted array. */
    private int[] nearestGroups(float[] query, int count) {
        int[] group = new int[count];
        float[] distance = new float[count];
        Arrays.fill(distance, Float.POSITIVE_INFINITY);
        for (int g = 0, groups = start.length - 1; g < groups; g++) {
            float d = Distances.squared(centres, g * D, query);
            if (d < distance[count - 1]) {
                int at = count - 1;
                while (at > 0 && distance[at - 1] > d) {
                    distance[at] = distance[at - 1];
                    group[at] = group[at - 1];
                    at--;
                }
                distance[at] = d;
                group[at] = g;
            }
        }
        return group;
    }
}
