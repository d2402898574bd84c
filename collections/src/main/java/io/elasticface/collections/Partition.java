package io.elasticface.collections;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a large collection's faces are grouped for {@link PartitionedIndex}: the groups' centres, and the group of
 * each face of a list (aligned with it). Training and assigning take about a minute at a million faces, so
 * compaction stores the partition in the snapshot and readers, and later compactions, reuse it: only faces new
 * since are assigned (to their nearest centre), and the centres are trained again only when the collection has
 * grown fourfold since (√n groups keep each group near √n faces).
 *
 * @param centres groups × {@value FaceEntry#DESCRIPTOR_SIZE} floats
 * @param groups  the group of each face, in the order of the faces it was made for
 */
public record Partition(float[] centres, int[] groups) {

    private static final int D = FaceEntry.DESCRIPTOR_SIZE;
    private static final int TRAINING_ROUNDS = 6;
    private static final int SAMPLE_PER_CENTRE = 24;

    public Partition {
        if (centres.length == 0 || centres.length % D != 0) {
            throw new IllegalArgumentException("centres hold whole descriptors");
        }
    }

    public int groupCount() {
        return centres.length / D;
    }

    /** A new partition: √n centres trained by k-means on a sample, every face assigned to its nearest. */
    public static Partition train(List<FaceEntry> faces, long seed) {
        int groups = Math.max(1, (int) Math.sqrt(faces.size()));
        float[] centres = centres(faces, groups, new Random(seed));
        int[] group = new int[faces.size()];
        for (int i = 0; i < group.length; i++) {
            group[i] = nearest(centres, faces.get(i).descriptor());
        }
        return new Partition(centres, group);
    }

    /**
     * The partition for {@code faces}, reusing {@code previous} (made for {@code previousFaces}) where it still
     * serves: faces it knows keep their group, new ones go to their nearest centre. Trained afresh when there is
     * none or the collection outgrew it.
     */
    public static Partition update(Partition previous, List<FaceEntry> previousFaces, List<FaceEntry> faces,
                                   long seed) {
        if (previous == null || previous.groups.length != previousFaces.size()
                || faces.size() > 4L * previous.groupCount() * previous.groupCount()) {
            return train(faces, seed);
        }
        if (sameFaces(previousFaces, faces)) {
            return previous; // the common case: a reader indexing exactly the snapshot it read
        }
        Map<String, Integer> known = new HashMap<>(previousFaces.size() * 2);
        for (int i = 0; i < previousFaces.size(); i++) {
            known.put(previousFaces.get(i).faceId(), previous.groups[i]);
        }
        int[] group = new int[faces.size()];
        for (int i = 0; i < group.length; i++) {
            Integer g = known.get(faces.get(i).faceId());
            group[i] = g != null ? g : nearest(previous.centres, faces.get(i).descriptor());
        }
        return new Partition(previous.centres, group);
    }

    private static boolean sameFaces(List<FaceEntry> a, List<FaceEntry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i) && !a.get(i).faceId().equals(b.get(i).faceId())) {
                return false;
            }
        }
        return true;
    }

    /** Lloyd's k-means on a sample of the faces, started from random faces of it. */
    private static float[] centres(List<FaceEntry> faces, int groups, Random random) {
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

    static int nearest(float[] centres, float[] v) {
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
}
