package io.elasticface.engine.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimilarityTest {

    @Test
    void recoversAKnownTransformExactly() {
        Similarity known = new Similarity(1.7 * Math.cos(0.3), 1.7 * Math.sin(0.3), 42.5, -13.25);
        double[] from = {0, 0, 10, 0, 3, 7, -4, 12, 8, 8};
        double[] to = apply(known, from);
        Similarity fitted = Similarity.fit(from, to);
        assertThat(fitted.a()).isCloseTo(known.a(), within(1e-12));
        assertThat(fitted.b()).isCloseTo(known.b(), within(1e-12));
        assertThat(fitted.tx()).isCloseTo(known.tx(), within(1e-12));
        assertThat(fitted.ty()).isCloseTo(known.ty(), within(1e-12));
        assertThat(fitted.scale()).isCloseTo(1.7, within(1e-12));
    }

    @Test
    void fitsNoisyPointsInTheLeastSquaresSense() {
        double[] from = {0, 0, 1, 0, 0, 1, 1, 1};
        double[] to = {0.1, 0, 2, 0, 0, 2, 2, 2}; // mostly a doubling; one point off by 0.1
        Similarity fitted = Similarity.fit(from, to);
        assertThat(fitted.scale()).isCloseTo(2, within(0.05));
        assertThat(fitted.b()).isCloseTo(0, within(0.05));
    }

    @Test
    void aFaceAlreadyOnTheTemplateMapsTheChipOntoItself() {
        FaceAligner aligner = new FaceAligner(150);
        double[] landmarks = new double[10];
        for (int i = 0; i < 10; i++) {
            landmarks[i] = (FaceAligner.PADDING + FaceAligner.TEMPLATE[i]) / (2 * FaceAligner.PADDING + 1) * 150;
        }
        Similarity t = aligner.chipToImage(landmarks);
        assertThat(t.a()).isCloseTo(1, within(1e-12));
        assertThat(t.b()).isCloseTo(0, within(1e-12));
        assertThat(t.tx()).isCloseTo(0, within(1e-9));
        assertThat(t.ty()).isCloseTo(0, within(1e-9));
    }

    @Test
    void theEyesLandOnTheTemplateEyesWhateverTheHeadTilt() {
        FaceAligner aligner = new FaceAligner(150);
        // A face rotated 90 degrees and twice the chip's size: eyes one above the other.
        Similarity tilt = new Similarity(0, 2, 300, 50);
        double[] chipPoints = new double[10];
        for (int i = 0; i < 10; i++) {
            chipPoints[i] = (FaceAligner.PADDING + FaceAligner.TEMPLATE[i]) / (2 * FaceAligner.PADDING + 1) * 150;
        }
        Similarity t = aligner.chipToImage(apply(tilt, chipPoints));
        assertThat(t.x(chipPoints[0], chipPoints[1])).isCloseTo(tilt.x(chipPoints[0], chipPoints[1]), within(1e-9));
        assertThat(t.y(chipPoints[2], chipPoints[3])).isCloseTo(tilt.y(chipPoints[2], chipPoints[3]), within(1e-9));
    }

    private static double[] apply(Similarity t, double[] points) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i += 2) {
            out[i] = t.x(points[i], points[i + 1]);
            out[i + 1] = t.y(points[i], points[i + 1]);
        }
        return out;
    }
}
