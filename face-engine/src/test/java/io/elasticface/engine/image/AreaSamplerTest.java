package io.elasticface.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AreaSamplerTest {

    /** 4x2 image; red = 10 * x + y, green = 100, blue = x == 0 ? 255 : 0. */
    private static AreaSampler image() {
        byte[] rgb = new byte[4 * 2 * 3];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                int i = (y * 4 + x) * 3;
                rgb[i] = (byte) (10 * x + y);
                rgb[i + 1] = 100;
                rgb[i + 2] = (byte) (x == 0 ? 255 : 0);
            }
        }
        return new AreaSampler(new RgbImage(4, 2, rgb, 1));
    }

    @Test
    void aOnePixelFootprintAtAPixelCentreIsThatPixel() {
        float[] out = new float[3];
        image().sample(2.5, 1.5, 1, out);
        assertThat(out).containsExactly(21f, 100f, 0f);
    }

    @Test
    void betweenPixelCentresItInterpolatesBilinearly() {
        float[] out = new float[3];
        image().sample(2.0, 1.0, 1, out); // halfway between x 1..2 and y 0..1
        assertThat(out[0]).isCloseTo(15.5f, within(1e-4f));
    }

    @Test
    void theBilinearShortcutAgreesWithTheAreaAverageOfOnePixel() {
        AreaSampler image = image();
        float[] bilinear = new float[3];
        float[] area = new float[3];
        for (double x = -0.7; x < 4.8; x += 0.37) {
            for (double y = -0.6; y < 2.7; y += 0.29) {
                image.sample(x, y, 1, bilinear);
                image.sample(x, y, 1 + 1e-9, area);
                assertThat(bilinear).as("at %.2f, %.2f", x, y)
                        .usingComparatorWithPrecision(1e-3f).containsExactly(area);
            }
        }
    }

    @Test
    void aWideFootprintAveragesTheAreaAndCountsOutsideAsBlack() {
        float[] out = new float[3];
        image().sample(1, 1, 2, out); // [0,2) x [0,2): red 0,10,1,11
        assertThat(out[0]).isCloseTo(5.5f, within(1e-4f));
        image().sample(0, 0, 2, out); // [-1,1) x [-1,1): one pixel of four inside
        assertThat(out[1]).isCloseTo(25f, within(1e-4f));
    }

    @Test
    void resizeAveragesTheCoveredArea() {
        float[] half = image().resize(2, 1);
        assertThat(half[0]).isCloseTo(5.5f, within(1e-4f));        // red of x 0..1
        assertThat(half[2]).isCloseTo(127.5f, within(1e-4f));      // blue of x 0..1
        assertThat(half[3]).isCloseTo(25.5f, within(1e-4f));       // red of x 2..3
        float[] third = image().resize(3, 1);                       // x spans of 4/3 pixels
        assertThat(third[0]).isCloseTo((0 + 1 + 10 * 1 / 3f + 11 * 1 / 3f) / (4 / 3f * 2), within(1e-4f));
        float[] quarters = image().resize(2, 2);                    // x-major: [x][y][rgb]
        assertThat(quarters[3]).isCloseTo(6f, within(1e-4f));       // red of x 0..1, y 1
        assertThat(quarters[6]).isCloseTo(25f, within(1e-4f));      // red of x 2..3, y 0
    }

    @Test
    void aPatchHasTheSameValuesAsSamplingEachFootprintEvenAcrossTheBorder() {
        java.util.Random random = new java.util.Random(5);
        byte[] rgb = new byte[37 * 29 * 3];
        random.nextBytes(rgb);
        AreaSampler sampler = new AreaSampler(new RgbImage(37, 29, rgb, 1));
        int size = 6;
        double x = -3.3;   // partly outside, which counts as black
        double y = 4.7;
        double step = 5.9;
        float[] patch = new float[size * size * 3 + 2];
        sampler.patch(x, y, step, size, patch, 2);
        float[] one = new float[3];
        for (int u = 0; u < size; u++) {
            for (int v = 0; v < size; v++) {
                sampler.sample(x + (u + 0.5) * step, y + (v + 0.5) * step, step, one);
                for (int c = 0; c < 3; c++) {
                    assertThat(patch[2 + (u * size + v) * 3 + c]).as("x %d y %d channel %d", u, v, c)
                            .isCloseTo(one[c], within(1e-3f));
                }
            }
        }
        assertThat(patch[0]).isZero();
    }

    @Test
    void aPatchOnlyShrinks() {
        assertThatThrownBy(() -> image().patch(0, 0, 1, 2, new float[12], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
