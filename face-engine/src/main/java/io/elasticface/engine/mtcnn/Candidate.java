package io.elasticface.engine.mtcnn;

/**
 * A face candidate between stages.
 *
 * @param box    where
 * @param score  the stage's face probability
 * @param offsets   the stage's box regression (dx1, dy1, dx2, dy2), applied after suppression; null once applied
 * @param landmarks O-Net's five points, null before
 */
record Candidate(Rect box, double score, float[] offsets, double[] landmarks) {

    Candidate(Rect box, double score, float[] offsets) {
        this(box, score, offsets, null);
    }

    Rect regressed() {
        return box.regress(offsets[0], offsets[1], offsets[2], offsets[3]);
    }
}
