package io.elasticface.app.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.elasticface.app.engine.weights.Layouts;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TorchTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = Torch.newManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void preluKeepsPositivesAndScalesNegativesPerChannel() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(new float[] {2, -2, 3, -3, 4, -4, 0, -1}, new Shape(1, 4, 1, 2));
            Torch.Prelu prelu = Torch.Prelu.of(m, new float[] {0.25f, -0.5f, 1f, 1.5f}, new Shape(4, 1, 1));
            assertThat(prelu.apply(x).toFloatArray()).containsExactly(2f, -0.5f, 3f, 1.5f, 4f, -4f, 0f, -1.5f);
        }
    }

    @Test
    void channelsLastConvolutionMatchesThePlainLayout() {
        int n = 2;
        int in = 5;
        int out = 7;
        int h = 9;
        int w = 11;
        int k = 3;
        Random random = new Random(7);
        float[] nchw = randoms(random, n * in * h * w);
        float[] oihw = randoms(random, out * in * k * k);
        float[] nhwc = new float[nchw.length];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < in; c++) {
                for (int p = 0; p < h * w; p++) {
                    nhwc[(b * h * w + p) * in + c] = nchw[(b * in + c) * h * w + p];
                }
            }
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray bias = m.create(randoms(random, out), new Shape(out));
            NDArray plain = Torch.conv(m.create(nchw, new Shape(n, in, h, w)),
                    m.create(oihw, new Shape(out, in, k, k)), bias, 2, 1);
            NDArray last = Torch.conv(Torch.channelsLast(m, nhwc, n, in, h, w),
                    Torch.channelsLast(m, Layouts.oihwToOhwi(oihw, out, in, k, k), out, in, k, k), bias, 2, 1);
            assertThat(last.getShape()).isEqualTo(plain.getShape());
            float[] expected = plain.toFloatArray();
            float[] actual = last.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    @Test
    void maxPoolCountsPartialWindowsOnlyWithCeil() {
        try (NDManager m = manager.newSubManager()) {
            float[] values = new float[25];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            NDArray ceil = Torch.maxPool(m.create(values, new Shape(1, 1, 5, 5)), 2, 2, true);
            assertThat(ceil.getShape()).isEqualTo(new Shape(1, 1, 3, 3));
            assertThat(ceil.toFloatArray()).containsExactly(6, 8, 9, 16, 18, 19, 21, 23, 24);
            NDArray floor = Torch.maxPool(m.create(values, new Shape(1, 1, 5, 5)), 3, 2, false);
            assertThat(floor.toFloatArray()).containsExactly(12, 14, 22, 24);
        }
    }

    @Test
    void maxPoolGivesTheSameAnswerBelowAndFromThirtyTwoChannels() {
        float[] values = randoms(new Random(11), 2 * 40 * 9 * 9);
        try (NDManager m = manager.newSubManager()) {
            NDArray pooled = Torch.maxPool(Torch.channelsLast(m, values, 2, 40, 9, 9), 3, 2, true);
            for (int channel = 0; channel < 40; channel += 13) {
                // the same channel alone (one channel: the strided path) must pool to the same values
                float[] one = new float[2 * 9 * 9];
                for (int b = 0; b < 2; b++) {
                    for (int p = 0; p < 81; p++) {
                        one[b * 81 + p] = values[(b * 81 + p) * 40 + channel];
                    }
                }
                NDArray alone = Torch.maxPool(m.create(one, new Shape(2, 1, 9, 9)), 3, 2, true);
                int c = channel;
                assertThat(pooled.get(":, {}:{}, :, :", c, c + 1).toFloatArray()).containsExactly(alone.toFloatArray());
            }
        }
    }

    private static float[] randoms(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }
}
