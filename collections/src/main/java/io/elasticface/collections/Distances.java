package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntToDoubleFunction;

/** The kernels the search indexes share: squared distances over float and int8 descriptors, quantisation, top k. */
final class Distances {

    private static final int D = FaceEntry.DESCRIPTOR_SIZE;

    private Distances() {
    }

    /** Squared L2 distance between the descriptor at {@code offset} in {@code vectors} and {@code q}. */
    static float squared(float[] vectors, int offset, float[] q) {
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

    /** Squared distance between int8 codes, in steps squared. */
    static int squared(byte[] codes, int offset, byte[] q) {
        int s0 = 0;
        int s1 = 0;
        for (int j = 0; j < D; j += 2) {
            int d0 = codes[offset + j] - q[j];
            int d1 = codes[offset + j + 1] - q[j + 1];
            s0 += d0 * d0;
            s1 += d1 * d1;
        }
        return s0 + s1;
    }

    /** A descriptor as int8 codes of {@code step}, clamped to ±127, written at {@code offset}. */
    static void quantize(float[] values, float step, byte[] into, int offset) {
        for (int j = 0; j < D; j++) {
            into[offset + j] = (byte) Math.max(-127, Math.min(127, Math.round(values[j] / step)));
        }
    }

    /**
     * The k subjects with the smallest squared distance, best first, as candidates at
     * {@code sqrt(squared) * scale}.
     */
    static List<Candidate> nearest(String[] subjects, IntToDoubleFunction squared, double scale, int k) {
        // a max-heap of the k best so far: its head is the one to drop
        PriorityQueue<Integer> heap = new PriorityQueue<>((a, b) -> Double.compare(squared.applyAsDouble(b),
                squared.applyAsDouble(a)));
        for (int s = 0; s < subjects.length; s++) {
            if (heap.size() < k) {
                heap.add(s);
            } else if (k > 0 && squared.applyAsDouble(s) < squared.applyAsDouble(heap.peek())) {
                heap.poll();
                heap.add(s);
            }
        }
        List<Candidate> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            int s = heap.poll();
            out.add(0, new Candidate(subjects[s], Math.sqrt(squared.applyAsDouble(s)) * scale));
        }
        return out;
    }
}
