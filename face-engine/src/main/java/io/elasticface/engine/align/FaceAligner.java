package io.elasticface.engine.align;

import io.elasticface.engine.image.AreaSampler;

/**
 * Cuts the 150x150 face chip dlib's recogniser was trained on: the similarity transform that best puts the
 * five MTCNN landmarks on dlib's mean face (as {@code get_face_chip_details} with padding 0.25), sampled
 * with an area average where the face is shrunk and bilinearly where it is enlarged.
 */
public final class FaceAligner {

    /**
     * dlib's mean face in the unit square: left eye centre, right eye centre, nose tip, left and right mouth
     * corner (the 68-point template's points 36-41 and 42-47 averaged, 30, 48 and 54).
     */
    static final double[] TEMPLATE = {
            0.2254918, 0.2159903,
            0.7547613, 0.2159903,
            0.490127, 0.515625,
            0.254149, 0.780233,
            0.726104, 0.780233,
    };
    static final double PADDING = 0.25;

    private final int size;
    private final double[] chipPoints;

    public FaceAligner(int size) {
        this.size = size;
        chipPoints = new double[TEMPLATE.length];
        for (int i = 0; i < TEMPLATE.length; i++) {
            chipPoints[i] = (PADDING + TEMPLATE[i]) / (2 * PADDING + 1) * size;
        }
    }

    /** The transform from chip pixels to image pixels for these landmarks. */
    public Similarity chipToImage(double[] landmarks) {
        return Similarity.fit(chipPoints, landmarks);
    }

    /**
     * The chip for a face, planar RGB ({@code [3][size][size]}), values 0..255.
     *
     * @param landmarks the five points as {@code x0, y0, ... x4, y4} in the sampler's pixels
     */
    public float[] chip(AreaSampler image, double[] landmarks) {
        Similarity t = chipToImage(landmarks);
        double footprint = t.scale();
        int plane = size * size;
        float[] chip = new float[3 * plane];
        float[] rgb = new float[3];
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                double cx = u + 0.5;
                double cy = v + 0.5;
                image.sample(t.x(cx, cy), t.y(cx, cy), footprint, rgb);
                int at = v * size + u;
                chip[at] = rgb[0];
                chip[at + plane] = rgb[1];
                chip[at + 2 * plane] = rgb[2];
            }
        }
        return chip;
    }
}
