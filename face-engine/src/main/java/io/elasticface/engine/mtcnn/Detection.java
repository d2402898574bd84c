package io.elasticface.engine.mtcnn;

/**
 * A detected face.
 *
 * @param box       the face box
 * @param score     O-Net's face probability
 * @param landmarks left eye, right eye, nose tip, left and right mouth corner as {@code x0, y0, ... x4, y4}
 */
public record Detection(Rect box, double score, double[] landmarks) {

    /** The same detection with every coordinate multiplied by {@code factor}. */
    public Detection scale(double factor) {
        double[] scaled = new double[landmarks.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = landmarks[i] * factor;
        }
        return new Detection(box.scale(factor), score, scaled);
    }
}
