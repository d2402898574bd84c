package io.elasticface.collections;

import java.util.Random;

/** Synthetic faces for tests: random unit-scale descriptors, reproducible from a seed. */
final class Faces {

    private Faces() {
    }

    static float[] descriptor(Random random) {
        float[] d = new float[FaceEntry.DESCRIPTOR_SIZE];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (random.nextGaussian() * 0.09);
        }
        return d;
    }

    static FaceEntry face(String id, String subject, Random random) {
        return new FaceEntry(id, subject, id + ".jpg", null, descriptor(random));
    }
}
