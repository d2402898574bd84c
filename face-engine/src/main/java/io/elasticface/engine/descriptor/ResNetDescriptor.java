package io.elasticface.engine.descriptor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.elasticface.engine.Kernels;
import io.elasticface.engine.Torch;
import io.elasticface.engine.TorchScript.Value;
import io.elasticface.engine.TorchScript;
import io.elasticface.engine.weights.Layouts;
import io.elasticface.engine.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * dlib's face recognition ResNet ({@code dlib_face_recognition_resnet_model_v1}) as face-api.js@0.10.0 lays
 * out its weights: a 150x150 RGB chip in, an unnormalised 128-D descriptor out. Two chips of the same
 * person are usually closer than 0.6 (L2).
 *
 * <p>The net is TorchScript ({@code resnet.torchscript} and a {@link Kernels} variant, see {@link TorchScript})
 * run, when fused, on weights that oneDNN reordered once at load; the weights file's scale layers are folded
 * into the convolutions.
 *
 * <p>Thread-safe: the weights are read-only and shared by all callers; each call works in its own
 * sub-manager, closed before returning.
 */
public final class ResNetDescriptor implements AutoCloseable {

    /** The weights in the {@code model} module: {@code face_recognition_model.weights} and its manifest. */
    public static final String WEIGHTS = "face_recognition_model";
    public static final int CHIP = 150;
    public static final int SIZE = 128;

    /** dlib's input_rgb_image mean; dlib and face-api.js then divide by 256. */
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};
    private static final float SCALE = 1f / 256f;

    private final NDManager weightsManager;
    private final TorchScript net;
    /** The convolutions' weights as oneDNN reordered them, stem first, then two per residual block. */
    private final Value packedWeights;
    private final Value biases;
    private final Value downBlocks;
    private final Value fc;

    /**
     * Each distinct convolution of the net as the fused variant reorders it (input side at batch 1), known before
     * the weights are read so that the kernels can be chosen first; a test holds it to what the constructor builds.
     */
    public static final List<TorchScript.Conv> PACKED_CONVS = List.of(
            new TorchScript.Conv(3, CHIP, 32, 7, 2, 0), new TorchScript.Conv(32, 35, 32, 3, 1, 1),
            new TorchScript.Conv(32, 35, 64, 3, 2, 0), new TorchScript.Conv(64, 17, 64, 3, 1, 1),
            new TorchScript.Conv(64, 17, 128, 3, 2, 0), new TorchScript.Conv(128, 8, 128, 3, 1, 1),
            new TorchScript.Conv(128, 8, 256, 3, 2, 0), new TorchScript.Conv(256, 3, 256, 3, 1, 1),
            new TorchScript.Conv(256, 4, 256, 3, 1, 1), new TorchScript.Conv(256, 4, 256, 3, 2, 0),
            new TorchScript.Conv(256, 1, 256, 3, 1, 1));

    private final List<TorchScript.Conv> convs;

    /**
     * Loads the weights into {@code manager}, which the caller owns and closes after {@link #close}.
     *
     * @param kernels {@link Kernels#FUSED} or {@link Kernels#PORTABLE}
     */
    public ResNetDescriptor(NDManager manager, Weights w, Kernels kernels) {
        this.weightsManager = manager;
        Layers layers = new Layers(manager, w);
        layers.conv("conv32_down", 3, 32, 7, 2, 0, CHIP);
        int size = (CHIP - 7) / 2 + 1;
        size = (size - 3) / 2 + 1;
        size = layers.blocks("conv32", 32, 32, 3, false, size);
        size = layers.blocks("conv64", 32, 64, 3, true, size);
        size = layers.blocks("conv128", 64, 128, 2, true, size);
        size = layers.blocks("conv256", 128, 256, 2, true, size);
        layers.down("conv256_down_out", 256, 256, size);
        float[] fcOutIn = w.take("fc", SIZE, 256);
        NDArray fcArray = manager.create(Layouts.transpose(fcOutIn, SIZE, 256), new Shape(256, SIZE));
        w.requireAllTaken();

        boolean[] down = new boolean[layers.down.size()];
        for (int i = 0; i < down.length; i++) {
            down[i] = layers.down.get(i);
        }
        this.net = TorchScript.load(manager, ResNetDescriptor.class, "ResNet", "resnet.torchscript",
                kernels.resource("resnet"));
        Value packed = null;
        Value biasList = null;
        Value downList = null;
        try {
            try (Value weights = TorchScript.tensors(layers.weights);
                 Value strides = TorchScript.longs(layers.strides.stream().mapToLong(Long::longValue).toArray());
                 Value pads = TorchScript.longs(layers.pads.stream().mapToLong(Long::longValue).toArray());
                 Value inputs = TorchScript.longLists(layers.inputs)) {
                packed = net.run("pack", weights, strides, pads, inputs);
            }
            // The packed copies own their memory; the biases and fc stay open under the Values that share them.
            layers.weights.forEach(NDArray::close);
            biasList = TorchScript.tensors(layers.biases);
            downList = TorchScript.booleans(down);
            this.fc = TorchScript.tensor(fcArray);
            this.convs = List.copyOf(layers.convs);
        } catch (RuntimeException e) {
            Value builtPacked = packed;
            Value builtBiases = biasList;
            Value builtDown = downList;
            try (net; builtPacked; builtBiases; builtDown) {
                // closes what was built, the last first (null ones are skipped)
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        this.packedWeights = packed;
        this.biases = biasList;
        this.downBlocks = downList;
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
            // one channel at a time, its mean in a local: the quick compiler (fresh workers) hoists nothing itself
            for (int c = 0; c < 3; c++) {
                float mean = MEAN[c];
                for (int p = 0, from = c * plane, to = i * 3 * plane + c; p < plane; p++, from++, to += 3) {
                    input[to] = (chip[from] - mean) * SCALE;
                }
            }
        }
        try (NDManager call = weightsManager.newSubManager();
             Value x = TorchScript.tensor(Torch.channelsLast(call, input, n, 3, CHIP, CHIP));
             Value result = net.run("forward", x, packedWeights, biases, downBlocks, fc)) {
            float[] flat = result.toArray(call).toFloatArray();
            float[][] out = new float[n][SIZE];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * SIZE, out[i], 0, SIZE);
            }
            return out;
        }
    }

    /** The distinct convolutions this net was built with (for the test that checks {@link #PACKED_CONVS}). */
    List<TorchScript.Conv> convs() {
        return convs;
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
        final Weights w;
        final List<NDArray> weights = new ArrayList<>();
        final List<NDArray> biases = new ArrayList<>();
        final List<Long> strides = new ArrayList<>();
        final List<Long> pads = new ArrayList<>();
        final List<long[]> inputs = new ArrayList<>();
        final List<Boolean> down = new ArrayList<>();
        final Set<TorchScript.Conv> convs = new LinkedHashSet<>();

        Layers(NDManager manager, Weights w) {
            this.manager = manager;
            this.w = w;
        }

        /**
         * {@code <width>_down} if {@code down}, then {@code plain} residual blocks {@code <width>_1},
         * {@code <width>_2}, ...; returns the size after them.
         */
        int blocks(String width, int in, int out, int plain, boolean down, int size) {
            if (down) {
                size = down(width + "_down", in, out, size);
            }
            for (int i = 1; i <= plain; i++) {
                conv(width + "_" + i + "/conv1", out, out, 3, 1, 1, size);
                conv(width + "_" + i + "/conv2", out, out, 3, 1, 1, size);
                this.down.add(false);
            }
            return size;
        }

        /** A down block: a stride-2 'valid' convolution, then a 3x3 one; returns the halved size. */
        int down(String block, int in, int out, int size) {
            conv(block + "/conv1", in, out, 3, 2, 0, size);
            int convolved = (size - 3) / 2 + 1;
            conv(block + "/conv2", out, out, 3, 1, 1, convolved);
            this.down.add(true);
            return size / 2;
        }

        /**
         * A convolution ({@code <layer>/conv/filters} stored {@code [out, in, k, k]}, {@code bias}) followed by
         * a per-channel affine scale layer ({@code <layer>/scale/weights}, {@code biases}), folded into the
         * convolution's weights.
         */
        void conv(String layer, int in, int out, int k, int stride, int pad, int size) {
            float[] filters = w.take(layer + "/conv/filters", out, in, k, k);
            float[] bias = w.take(layer + "/conv/bias", out);
            float[] scale = w.take(layer + "/scale/weights", out);
            float[] shift = w.take(layer + "/scale/biases", out);
            int perOut = in * k * k;
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < perOut; j++) {
                    filters[o * perOut + j] *= scale[o];
                }
                bias[o] = bias[o] * scale[o] + shift[o];
            }
            weights.add(manager.create(filters, new Shape(out, in, k, k)));
            biases.add(manager.create(bias, new Shape(out)));
            strides.add((long) stride);
            pads.add((long) pad);
            inputs.add(new long[] {1, in, size, size});
            convs.add(new TorchScript.Conv(in, size, out, k, stride, pad));
        }
    }
}
