package io.elasticface.app.engine.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.IValue;
import io.elasticface.app.engine.Torch;
import io.elasticface.app.engine.TorchScript;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer methods of {@code mtcnn.torchscript}, run on their own. */
class MtcnnScriptTest {

    private static NDManager manager;
    private static TorchScript script;

    @BeforeAll
    static void load() {
        manager = Torch.newManager();
        script = TorchScript.load(manager, MtcnnNets.class, "mtcnn.torchscript", "Mtcnn");
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
            try (IValue layer = IValue.listFrom((PtNDArray) weight, (PtNDArray) bias, (PtNDArray) slopes)) {
                assertThat(run(m, "conv", IValue.from((PtNDArray) x), layer, IValue.from(0L), IValue.from(false)))
                        .containsExactly(2f, -0.5f, 3f, 1.5f, 4f, -4f, 0f, -1.5f);
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
            PtNDArray x = (PtNDArray) m.create(values, new Shape(1, 1, 5, 5));
            assertThat(pool(m, x, 2, 2, true)).containsExactly(6, 8, 9, 16, 18, 19, 21, 23, 24);
            assertThat(pool(m, x, 3, 2, false)).containsExactly(12, 14, 22, 24);
        }
    }

    /** The three ways to pool: libtorch's kernel channels last and plain, strided views. */
    @Test
    void maxPoolGivesTheSameAnswerOnEveryPath() {
        int channels = 40;
        float[] values = new float[2 * channels * 9 * 9];
        Random random = new Random(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        try (NDManager m = manager.newSubManager()) {
            PtNDArray all = (PtNDArray) Torch.channelsLast(m, values, 2, channels, 9, 9);
            for (boolean ceil : new boolean[] {true, false}) {
                // libtorch's kernel over 40 channels last, strided views over 10 of them, the kernel over
                // the same 10 in plain layout
                float[] kernel = pool(m, all, 3, 2, ceil);
                PtNDArray ten = (PtNDArray) all.get(":, 0:10, :, :");
                float[] strided = pool(m, ten, 3, 2, ceil);
                PtNDArray plain = (PtNDArray) m.create(ten.toFloatArray(), ten.getShape());
                assertThat(pool(m, plain, 3, 2, ceil)).containsExactly(strided);
                int cells = strided.length / 20;
                for (int b = 0; b < 2; b++) {
                    for (int c = 0; c < 10; c++) {
                        for (int i = 0; i < cells; i++) {
                            assertThat(strided[(b * 10 + c) * cells + i])
                                    .isEqualTo(kernel[(b * channels + c) * cells + i]);
                        }
                    }
                }
            }
        }
    }

    private static float[] pool(NDManager m, PtNDArray x, long kernel, long stride, boolean ceil) {
        return run(m, "pool", IValue.from(x), IValue.from(kernel), IValue.from(stride), IValue.from(ceil));
    }

    private static float[] run(NDManager m, String method, IValue... inputs) {
        try (IValue out = script.run(method, inputs)) {
            return out.toTensor((PtNDManager) m).toFloatArray();
        } finally {
            for (IValue input : inputs) {
                input.close();
            }
        }
    }
}
