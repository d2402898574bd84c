package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-subject search over descriptors scalar-quantised to one byte per dimension: a quarter of
 * {@link SearchIndex}'s memory (128 bytes a face) and an integer scan. Every value is rounded to a multiple of
 * one step (the largest magnitude over 127), so a squared distance is an integer sum times step²; the error of
 * a distance is at most about step·√128/2, small against the gap between a person's faces (~0.4) and another's
 * (~0.75). Immutable.
 */
public final class QuantizedIndex {

    private static final int D = FaceEntry.DESCRIPTOR_SIZE;

    private final byte[] codes;
    private final int[] subjectOf;
    private final String[] subjects;
    private final float step;

    private QuantizedIndex(byte[] codes, int[] subjectOf, String[] subjects, float step) {
        this.codes = codes;
        this.subjectOf = subjectOf;
        this.subjects = subjects;
        this.step = step;
    }

    public static QuantizedIndex of(List<FaceEntry> faces) {
        float max = 1e-6f;
        for (FaceEntry face : faces) {
            for (float v : face.descriptor()) {
                max = Math.max(max, Math.abs(v));
            }
        }
        float step = max / 127f;
        byte[] codes = new byte[faces.size() * D];
        int[] subjectOf = new int[faces.size()];
        Map<String, Integer> ids = new HashMap<>();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            FaceEntry face = faces.get(i);
            Distances.quantize(face.descriptor(), step, codes, i * D);
            subjectOf[i] = ids.computeIfAbsent(face.subject(), s -> {
                subjects.add(s);
                return subjects.size() - 1;
            });
        }
        return new QuantizedIndex(codes, subjectOf, subjects.toArray(String[]::new), step);
    }

    public int size() {
        return subjectOf.length;
    }

    /** Bytes held by the index's arrays (the codes and each face's subject). */
    public long bytes() {
        return codes.length + 4L * subjectOf.length;
    }

    /** The k subjects nearest to a descriptor, best first, each with the distance to its nearest face. */
    public List<Candidate> nearestSubjects(float[] query, int k) {
        byte[] q = new byte[D];
        Distances.quantize(query, step, q, 0);
        int[] best = new int[subjects.length];
        Arrays.fill(best, Integer.MAX_VALUE);
        for (int i = 0, offset = 0; i < subjectOf.length; i++, offset += D) {
            int d = Distances.squared(codes, offset, q);
            int s = subjectOf[i];
            if (d < best[s]) {
                best[s] = d;
            }
        }
        return Distances.nearest(subjects, s -> best[s], step, k);
    }
}
