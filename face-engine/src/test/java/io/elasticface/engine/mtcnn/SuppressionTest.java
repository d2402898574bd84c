package io.elasticface.engine.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressionTest {

    private static Candidate box(double x1, double y1, double x2, double y2, double score) {
        return new Candidate(new Rect(x1, y1, x2, y2), score, null);
    }

    @Test
    void keepsTheBestOfOverlappingBoxesAndEveryBoxApart() {
        Candidate best = box(0, 0, 10, 10, 0.9);
        Candidate shifted = box(1, 0, 11, 10, 0.8);   // IoU 9/11 with best
        Candidate apart = box(20, 20, 30, 30, 0.7);
        Candidate touching = box(5, 0, 15, 10, 0.95); // IoU 1/3 with best
        List<Candidate> kept = Suppression.byIou(List.of(shifted, apart, best, touching), 0.5);
        assertThat(kept).containsExactly(touching, best, apart);
    }

    @Test
    void thresholdIsExclusive() {
        Candidate a = box(0, 0, 10, 10, 0.9);
        Candidate b = box(0, 0, 10, 5, 0.8); // IoU exactly 0.5
        assertThat(Suppression.byIou(List.of(a, b), 0.5)).containsExactly(a, b);
        assertThat(Suppression.byIou(List.of(a, b), 0.49)).containsExactly(a);
    }

    @Test
    void minOverlapDropsABoxInsideABetterOne() {
        Candidate big = box(0, 0, 100, 100, 0.99);
        Candidate inside = box(10, 10, 40, 40, 0.9); // IoU 0.09, but wholly inside
        assertThat(Suppression.byIou(List.of(big, inside), 0.7)).hasSize(2);
        assertThat(Suppression.byOverlapOfSmaller(List.of(big, inside), 0.7)).containsExactly(big);
    }

    @Test
    void regressionMovesEachEdgeByItsOffsetTimesTheSize() {
        Rect r = new Rect(10, 20, 30, 60).regress(0.1f, -0.25f, 0.5f, 0f);
        assertThat(r.x1()).isCloseTo(12, within(1e-6));
        assertThat(r.y1()).isCloseTo(10, within(1e-6));
        assertThat(r.x2()).isCloseTo(40, within(1e-6));
        assertThat(r.y2()).isCloseTo(60, within(1e-6));
    }

    @Test
    void squareKeepsTheCentreAndTakesTheLongerSide() {
        Rect s = new Rect(10, 20, 30, 60).square();
        assertThat(s).isEqualTo(new Rect(0, 20, 40, 60));
    }

    @Test
    void pnetCellsBecomeBoxesInImagePixels() {
        // Two cells along x, one along y; only the second is a face (logits 0 vs 3 -> p = 0.95).
        int cells = 2;
        float[] out = new float[6 * cells];
        out[cells + 1] = 3f;           // face logit of cell (1, 0)
        out[2 * cells + 1] = 0.5f;     // its dx1
        List<Candidate> found = MtcnnDetector.cells(out, 2, 1, 0.5);
        assertThat(found).hasSize(1);
        Candidate c = found.get(0);
        assertThat(c.score()).isCloseTo(1 / (1 + Math.exp(-3)), within(1e-9));
        assertThat(c.box()).isEqualTo(new Rect(4, 0, 28, 24)); // cell 1: x from 2/0.5, size 12/0.5
        assertThat(c.regressed().x1()).isCloseTo(16, within(1e-6));
    }

    @Test
    void pyramidGoesDownUntilTheShortSideReaches12Pixels() {
        List<Double> scales = MtcnnDetector.scales(640, 480, 20);
        assertThat(scales.get(0)).isEqualTo(0.6);
        assertThat(scales.get(1)).isCloseTo(0.6 * 0.709, within(1e-12));
        double last = scales.get(scales.size() - 1);
        assertThat(Math.floor(480 * last)).isGreaterThan(12);
        assertThat(Math.floor(480 * last * 0.709)).isLessThanOrEqualTo(12);
        assertThat(scales).hasSize(10);
    }
}
