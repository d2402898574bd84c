package io.elasticface.engine.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.elasticface.engine.PortableKernelsTest;
import io.elasticface.engine.Torch;
import io.elasticface.engine.TorchScript.Value;
import io.elasticface.engine.TorchScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The methods of {@code mtcnn.torchscript} run on their own: each of its alternative paths agrees with the others. */
class MtcnnScriptTest {

    private static NDManager manager;
    private static TorchScript script;

    @BeforeAll
    static void load() {
        manager = Torch.newManager();
        script = TorchScript.load(manager, MtcnnNets.class, "Mtcnn", "mtcnn.torchscript", "mtcnn-fused.torchscript");
    }

    @AfterAll
    static void close() {
        script.close();
        manager.close();
    }

    @Test
    void convolutionLayerAppliesPreluWithNegativeAndSteepSlopes() {
        try (NDManager m = manager.newSubManager()) {
            // a 1x1 identity convolution over 4 channels, so only the PReLU shows
            float[] identity = new float[16];
            for (int c = 0; c < 4; c++) {
                identity[c * 4 + c] = 1;
            }
            NDArray x = m.create(new float[] {2, -2, 3, -3, 4, -4, 0, -1}, new Shape(1, 4, 1, 2));
            NDArray weight = m.create(identity, new Shape(4, 4, 1, 1));
            NDArray bias = m.zeros(new Shape(4));
            NDArray slopes = m.create(new float[] {0.25f, -0.5f, 1f, 1.5f}, new Shape(4));
            assertThat(run(m, "conv", TorchScript.tensor(x), TorchScript.tensors(List.of(weight, bias, slopes)),
                    TorchScript.number(0L)))
                    .containsExactly(2f, -0.5f, 3f, 1.5f, 4f, -4f, 0f, -1.5f);
        }
    }

    @Test
    void maxPoolCountsPartialWindowsOnlyWithCeilOnBothPaths() {
        try (NDManager m = manager.newSubManager()) {
            // channel 0 counts 0..24, channel 1 is all -1: two channels last take the strided path, one plain
            // channel libtorch's kernel
            float[] twoChannelsLast = new float[50];
            float[] plain = new float[25];
            for (int i = 0; i < 25; i++) {
                twoChannelsLast[2 * i] = i;
                twoChannelsLast[2 * i + 1] = -1;
                plain[i] = i;
            }
            NDArray strided = Torch.channelsLast(m, twoChannelsLast, 1, 2, 5, 5);
            NDArray kernel = m.create(plain, new Shape(1, 1, 5, 5));
            float[] ceil = {6, 8, 9, 16, 18, 19, 21, 23, 24};
            float[] floor = {12, 14, 22, 24};
            assertThat(pool(m, kernel, 2, 2, true)).containsExactly(ceil);
            assertThat(pool(m, kernel, 3, 2, false)).containsExactly(floor);
            assertThat(firstChannel(pool(m, strided, 2, 2, true), 2)).containsExactly(ceil);
            assertThat(firstChannel(pool(m, strided, 3, 2, false), 2)).containsExactly(floor);
        }
    }

    /** The three ways to pool: libtorch's kernel channels last and plain, strided views; sizes that pad. */
    @Test
    void maxPoolGivesTheSameAnswerOnEveryPath() {
        int channels = 40;
        Random random = new Random(11);
        for (int size : new int[] {9, 10, 22}) {
            float[] values = randoms(random, 2 * channels * size * size);
            try (NDManager m = manager.newSubManager()) {
                NDArray all = Torch.channelsLast(m, values, 2, channels, size, size);
                NDArray ten = all.get(":, 0:10, :, :");
                NDArray plain = m.create(ten.toFloatArray(), ten.getShape());
                for (int kernel : new int[] {2, 3}) {
                    for (boolean ceil : new boolean[] {true, false}) {
                        float[] byKernel = pool(m, all, kernel, 2, ceil);
                        float[] strided = pool(m, ten, kernel, 2, ceil);
                        assertThat(pool(m, plain, kernel, 2, ceil)).containsExactly(strided);
                        int cells = strided.length / 20;
                        for (int b = 0; b < 2; b++) {
                            for (int c = 0; c < 10; c++) {
                                for (int i = 0; i < cells; i++) {
                                    assertThat(strided[(b * 10 + c) * cells + i])
                                            .isEqualTo(byKernel[(b * channels + c) * cells + i]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void pnetGivesTheSameAnswerInPlainAndChannelsLastLayout() {
        Random random = new Random(3);
        try (NDManager m = manager.newSubManager()) {
            List<NDArray> p = new ArrayList<>();
            int[] channels = {3, 10, 16, 32};
            for (int l = 0; l < 3; l++) {
                convLayer(m, random, p, channels[l], channels[l + 1], 3);
            }
            p.add(Torch.channelsLast(m, randoms(random, 6 * 32), 6, 32, 1, 1));
            p.add(m.create(randoms(random, 6), new Shape(6)));
            NDArray level = Torch.channelsLast(m, randoms(random, 3 * 41 * 37), 1, 3, 41, 37);
            float[] plain = pnet(m, level, p, Long.MAX_VALUE);
            float[] channelsLast = pnet(m, level, p, 0);
            assertThat(plain).hasSize(6 * 16 * 14).hasSameSizeAs(channelsLast);
            for (int i = 0; i < plain.length; i++) {
                float tolerance = 1e-4f * Math.max(1, Math.abs(channelsLast[i]));
                assertThat(plain[i]).as("element %d", i).isCloseTo(channelsLast[i], within(tolerance));
            }
        }
    }

    @Test
    void packedConvolutionEqualsThePlainOneForAnyBatch() {
        PortableKernelsTest.assumeFusedAgrees();
        Random random = new Random(5);
        try (NDManager m = manager.newSubManager()) {
            List<NDArray> layer = new ArrayList<>();
            convLayer(m, random, layer, 28, 48, 3);
            try (Value list = TorchScript.tensors(layer);
                 Value convs = TorchScript.longs(0L);
                 Value inputs = TorchScript.longLists(List.<long[]>of(new long[] {1, 28, 11, 11}));
                 Value packed = script.run("pack", list, convs, inputs)) {
                for (int n : new int[] {1, 5}) {
                    NDArray x = Torch.channelsLast(m, randoms(random, n * 28 * 11 * 11), n, 28, 11, 11);
                    float[] expected;
                    float[] actual;
                    try (Value input = TorchScript.tensor(x);
                         Value index = TorchScript.number(0L);
                         Value plainOut = script.run("conv", input, list, index);
                         Value packedOut = script.run("packed_conv", input, packed, index)) {
                        expected = plainOut.toArray(m).toFloatArray();
                        actual = packedOut.toArray(m).toFloatArray();
                    }
                    assertThat(actual).hasSize(n * 48 * 9 * 9);
                    for (int i = 0; i < expected.length; i++) {
                        float tolerance = 1e-4f * Math.max(1, Math.abs(expected[i]));
                        assertThat(actual[i]).as("batch %d element %d", n, i)
                                .isCloseTo(expected[i], within(tolerance));
                    }
                }
            }
        }
    }

    /**
     * Weight (channels last), bias and PReLU slopes of a convolution layer, as MtcnnNets lays them out; the
     * weights scaled by the fan-in, as trained ones are, so that values stay near 1 through the layers.
     */
    private static void convLayer(NDManager m, Random random, List<NDArray> p, int in, int out, int k) {
        float[] weights = randoms(random, out * k * k * in);
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= (float) Math.sqrt(in * k * k);
        }
        p.add(Torch.channelsLast(m, weights, out, in, k, k));
        p.add(m.create(randoms(random, out), new Shape(out)));
        p.add(m.create(randoms(random, out), new Shape(out)));
    }

    private static float[] pnet(NDManager m, NDArray level, List<NDArray> p, long plainBelow) {
        Value layers = TorchScript.tensors(p);
        return run(m, "pnet", TorchScript.tensor(level), layers, script.run("plain", layers), TorchScript.number(plainBelow));
    }

    private static float[] firstChannel(float[] pooled, int channels) {
        float[] first = new float[pooled.length / channels];
        System.arraycopy(pooled, 0, first, 0, first.length);
        return first;
    }

    private static float[] pool(NDManager m, NDArray x, long kernel, long stride, boolean ceil) {
        return run(m, "pool", TorchScript.tensor(x), TorchScript.number(kernel), TorchScript.number(stride), TorchScript.flag(ceil));
    }

    /** Runs a method and closes its inputs, which are the caller's new Values. */
    private static float[] run(NDManager m, String method, Value... inputs) {
        try (Value out = script.run(method, inputs)) {
            return out.toArray(m).toFloatArray();
        } finally {
            for (Value input : inputs) {
                input.close();
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
