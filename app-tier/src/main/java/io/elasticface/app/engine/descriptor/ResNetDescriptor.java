package io.elasticface.app.engine.descriptor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.elasticface.app.engine.Torch;
import io.elasticface.app.engine.weights.FloatWeights;
import io.elasticface.app.engine.weights.Layouts;
import java.util.ArrayList;
import java.util.List;

/**
 * dlib's face recognition ResNet ({@code dlib_face_recognition_resnet_model_v1}) as face-api.js@0.10.0 lays
 * out its weights: a 150x150 RGB chip in, an unnormalised 128-D descriptor out. Two chips of the same
 * person are usually closer than 0.6 (L2).
 *
 * <p>Thread-safe: the weights are read-only NDArrays shared by all callers; each call works in its own
 * sub-manager, closed before returning.
 */
public final class ResNetDescriptor {

    public static final String WEIGHTS = "face_recognition_model.weights";
    public static final int CHIP = 150;
    public static final int SIZE = 128;

    /** dlib's input_rgb_image mean; dlib and face-api.js then divide by 256. */
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};
    private static final float SCALE = 1f / 256f;

    private final NDManager weightsManager;
    private final ConvLayer stem;
    private final List<Residual> blocks = new ArrayList<>();
    private final NDArray fc;

    /** Loads the weights into {@code manager}, which the caller owns and closes. */
    public ResNetDescriptor(NDManager manager, FloatWeights w) {
        this.weightsManager = manager;
        stem = ConvLayer.read(manager, w, 3, 32, 7);
        addBlocks(w, 32, 32, 3, false);
        addBlocks(w, 32, 64, 3, true);
        addBlocks(w, 64, 128, 2, true);
        addBlocks(w, 128, 256, 2, true);
        blocks.add(Residual.read(manager, w, 256, 256, true));
        float[] fcOutIn = w.next(SIZE * 256);
        fc = manager.create(Layouts.transpose(fcOutIn, SIZE, 256), new Shape(256, SIZE));
        w.requireConsumed();
    }

    private void addBlocks(FloatWeights w, int in, int out, int plain, boolean down) {
        if (down) {
            blocks.add(Residual.read(weightsManager, w, in, out, true));
        }
        for (int i = 0; i < plain; i++) {
            blocks.add(Residual.read(weightsManager, w, out, out, false));
        }
    }

    /**
     * Descriptors of a batch of chips.
     *
     * @param chips {@code n} chips, each 150x150 RGB in planar order ({@code [3][150][150]}), values 0..255
     * @return {@code n} descriptors of 128 floats
     */
    public float[][] describe(List<float[]> chips) {
        int n = chips.size();
        if (n == 0) {
            return new float[0][];
        }
        int plane = CHIP * CHIP;
        // Channels last, [n][150][150][3]: see Torch.
        float[] input = new float[n * 3 * plane];
        for (int i = 0; i < n; i++) {
            float[] chip = chips.get(i);
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    input[base + p * 3 + c] = (chip[c * plane + p] - MEAN[c]) * SCALE;
                }
            }
        }
        try (NDManager call = weightsManager.newSubManager()) {
            NDArray x = Torch.channelsLast(call, input, n, 3, CHIP, CHIP);
            x = Torch.maxPool(Torch.relu(Torch.convConsuming(x, stem.weight(), stem.bias(), 2, 0)), 3, 2, false);
            for (Residual block : blocks) {
                x = block.forward(x);
            }
            float[] flat = x.reshape(n, 256, -1).mean(new int[] {2}).matMul(fc).toFloatArray();
            float[][] out = new float[n][SIZE];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * SIZE, out[i], 0, SIZE);
            }
            return out;
        }
    }

    /** A convolution followed by a per-channel affine scale layer, folded into the convolution's weights. */
    private record ConvLayer(NDArray weight, NDArray bias) {

        static ConvLayer read(NDManager m, FloatWeights w, int in, int out, int k) {
            // Stored [out, in, k, k], then bias, then the scale layer's weights and biases.
            float[] filters = w.next(out * in * k * k);
            float[] bias = w.next(out);
            float[] scale = w.next(out);
            float[] shift = w.next(out);
            int perOut = in * k * k;
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < perOut; j++) {
                    filters[o * perOut + j] *= scale[o];
                }
                bias[o] = bias[o] * scale[o] + shift[o];
            }
            NDArray weight = Torch.channelsLast(m, Layouts.oihwToOhwi(filters, out, in, k, k), out, in, k, k);
            return new ConvLayer(weight, m.create(bias, new Shape(out)));
        }

        /** Does not close {@code x}. */
        NDArray forward(NDArray x, int stride, int padding) {
            return Torch.conv(x, weight, bias, stride, padding);
        }
    }

    /**
     * A residual block. A down block halves the size with a stride-2 'valid' convolution; its shortcut is a
     * 2x2 average pool with zero channels appended, and where the convolution comes out one pixel smaller,
     * it is padded with zeros at the bottom and right (as dlib and face-api.js do).
     */
    private record Residual(ConvLayer conv1, ConvLayer conv2, boolean down, int extraChannels) {

        static Residual read(NDManager m, FloatWeights w, int in, int out, boolean down) {
            return new Residual(ConvLayer.read(m, w, in, out, 3), ConvLayer.read(m, w, out, out, 3), down, out - in);
        }

        /** Closes {@code x}. */
        NDArray forward(NDArray x) {
            NDArray y = Torch.relu(down ? conv1.forward(x, 2, 0) : conv1.forward(x, 1, 1));
            y = Torch.convConsuming(y, conv2.weight(), conv2.bias(), 1, 1);
            NDArray shortcut = x;
            if (down) {
                shortcut = Torch.avgPool(x);
                x.close();
                if (extraChannels > 0) {
                    shortcut = padConsuming(shortcut, new Shape(0, 0, 0, 0, 0, extraChannels));
                }
                long missing = shortcut.getShape().get(2) - y.getShape().get(2);
                if (missing > 0) {
                    y = padConsuming(y, new Shape(0, missing, 0, missing));
                }
            }
            y.addi(shortcut);
            shortcut.close();
            return Torch.relu(y);
        }

        private static NDArray padConsuming(NDArray x, Shape padding) {
            try (x) {
                return x.pad(padding, 0);
            }
        }
    }
}
