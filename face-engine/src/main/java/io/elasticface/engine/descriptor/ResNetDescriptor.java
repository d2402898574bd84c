package io.elasticface.engine.descriptor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.IValue;
import io.elasticface.engine.Torch;
import io.elasticface.engine.TorchScript;
import io.elasticface.engine.weights.FloatWeights;
import io.elasticface.engine.weights.Layouts;
import java.util.ArrayList;
import java.util.List;

/**
 * dlib's face recognition ResNet ({@code dlib_face_recognition_resnet_model_v1}) as face-api.js@0.10.0 lays
 * out its weights: a 150x150 RGB chip in, an unnormalised 128-D descriptor out. Two chips of the same
 * person are usually closer than 0.6 (L2).
 *
 * <p>The net is TorchScript ({@code resnet.torchscript}, see {@link TorchScript}) run on weights that
 * oneDNN reordered once at load; the weights file's scale layers are folded into the convolutions.
 *
 * <p>Thread-safe: the weights are read-only and shared by all callers; each call works in its own
 * sub-manager, closed before returning.
 */
public final class ResNetDescriptor implements AutoCloseable {

    public static final String WEIGHTS = "face_recognition_model.weights";
    public static final int CHIP = 150;
    public static final int SIZE = 128;

    /** dlib's input_rgb_image mean; dlib and face-api.js then divide by 256. */
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};
    private static final float SCALE = 1f / 256f;

    private final NDManager weightsManager;
    private final TorchScript net;
    /** The convolutions' weights as oneDNN reordered them, stem first, then two per residual block. */
    private final IValue packedWeights;
    private final IValue biases;
    private final IValue downBlocks;
    private final IValue fc;

    /** Loads the weights into {@code manager}, which the caller owns and closes after {@link #close}. */
    public ResNetDescriptor(NDManager manager, FloatWeights w) {
        this.weightsManager = manager;
        Layers layers = new Layers(manager);
        layers.conv(w, 3, 32, 7, 2, 0);
        int size = (CHIP - 7) / 2 + 1;
        size = (size - 3) / 2 + 1;
        size = layers.blocks(w, 32, 32, 3, false, size);
        size = layers.blocks(w, 32, 64, 3, true, size);
        size = layers.blocks(w, 64, 128, 2, true, size);
        size = layers.blocks(w, 128, 256, 2, true, size);
        layers.blocks(w, 256, 256, 0, true, size);
        float[] fcOutIn = w.next(SIZE * 256);
        NDArray fcArray = manager.create(Layouts.transpose(fcOutIn, SIZE, 256), new Shape(256, SIZE));
        w.requireConsumed();

        this.net = TorchScript.load(manager, ResNetDescriptor.class, "resnet.torchscript", "ResNet");
        try (IValue weights = IValue.listFrom(layers.weights.toArray(PtNDArray[]::new));
             IValue strides = IValue.listFrom(layers.strides.stream().mapToLong(Long::longValue).toArray());
             IValue pads = IValue.listFrom(layers.pads.stream().mapToLong(Long::longValue).toArray());
             IValue inputs = TorchScript.listOfLongLists(layers.inputs)) {
            this.packedWeights = net.run("pack", weights, strides, pads, inputs);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        // The packed copies own their memory; the biases and fc stay open under the IValues that share them.
        layers.weights.forEach(NDArray::close);
        this.biases = IValue.listFrom(layers.biases.toArray(PtNDArray[]::new));
        boolean[] down = new boolean[layers.down.size()];
        for (int i = 0; i < down.length; i++) {
            down[i] = layers.down.get(i);
        }
        this.downBlocks = IValue.listFrom(down);
        this.fc = IValue.from((PtNDArray) fcArray);
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
        try (NDManager call = weightsManager.newSubManager();
             IValue x = IValue.from((PtNDArray) Torch.channelsLast(call, input, n, 3, CHIP, CHIP));
             IValue result = net.run("forward", x, packedWeights, biases, downBlocks, fc)) {
            float[] flat = result.toTensor((PtNDManager) call).toFloatArray();
            float[][] out = new float[n][SIZE];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * SIZE, out[i], 0, SIZE);
            }
            return out;
        }
    }

    /** Frees the compiled net and the packed weights (the rest lives in the caller's manager). */
    @Override
    public void close() {
        try (net; fc; downBlocks; biases; packedWeights) {
            // closed in reverse order, each even when another fails
        }
    }

    /**
     * The layers' weights and, per convolution, what oneDNN needs to choose their packed layout: stride,
     * padding and the shape of the input at batch size 1.
     */
    private static final class Layers {
        final NDManager manager;
        final List<PtNDArray> weights = new ArrayList<>();
        final List<PtNDArray> biases = new ArrayList<>();
        final List<Long> strides = new ArrayList<>();
        final List<Long> pads = new ArrayList<>();
        final List<long[]> inputs = new ArrayList<>();
        final List<Boolean> down = new ArrayList<>();

        Layers(NDManager manager) {
            this.manager = manager;
        }

        /** {@code plain} residual blocks after a down block if {@code down}; returns the size after them. */
        int blocks(FloatWeights w, int in, int out, int plain, boolean down, int size) {
            if (down) {
                conv(w, in, out, 3, 2, 0, size);
                int convolved = (size - 3) / 2 + 1;
                conv(w, out, out, 3, 1, 1, convolved);
                this.down.add(true);
                size = size / 2;
            }
            for (int i = 0; i < plain; i++) {
                conv(w, out, out, 3, 1, 1, size);
                conv(w, out, out, 3, 1, 1, size);
                this.down.add(false);
            }
            return size;
        }

        void conv(FloatWeights w, int in, int out, int k, int stride, int pad) {
            conv(w, in, out, k, stride, pad, CHIP);
        }

        /** A convolution followed by a per-channel affine scale layer, folded into the convolution's weights. */
        private void conv(FloatWeights w, int in, int out, int k, int stride, int pad, int size) {
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
            weights.add((PtNDArray) manager.create(filters, new Shape(out, in, k, k)));
            biases.add((PtNDArray) manager.create(bias, new Shape(out)));
            strides.add((long) stride);
            pads.add((long) pad);
            inputs.add(new long[] {1, in, size, size});
        }
    }
}
