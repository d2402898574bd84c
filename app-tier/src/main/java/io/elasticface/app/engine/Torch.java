package io.elasticface.app.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * DJL's PyTorch engine set up the way this service needs it, and the few layer functions the nets use.
 *
 * <p>The engine runs offline (no telemetry or downloads) with one intra-op and one inter-op thread,
 * because parallelism comes from serving several images at once; one request with two threads stalled
 * for 0.5-1.7 s at p90 on two cores.
 *
 * <p>Images and filters are laid out "channels last": an {@code [n, h, w, c]} array viewed as
 * {@code [n, c, h, w]} (see {@link #channelsLast}). libtorch then runs oneDNN's convolutions without
 * reordering each input and output, and element-wise ops, padding and pooling keep the layout.
 *
 * <p>The layer functions consume their input: they close it, so that intermediate arrays are freed at
 * once and the allocator reuses their memory. Keeping every intermediate alive until the call's manager
 * closed made element-wise ops 20-50x slower (fresh pages for every result).
 */
public final class Torch {

    private Torch() {
    }

    /** A new root manager on the CPU; the settings take effect only if the engine has not started yet. */
    public static NDManager newManager() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        return NDManager.newBaseManager(Device.cpu(), Engine.getEngine("PyTorch").getEngineName());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * {@code data} in {@code [n, h, w, c]} order as an array of shape {@code [n, c, h, w]} in channels-last
     * layout. Against plain layout, this made the descriptor 22% faster here (the 9x9 and 4x4 layers 25-30%).
     * The view's base stays open in {@code manager}: DJL may have created it over a Java buffer that closing
     * it would free under the view.
     */
    public static NDArray channelsLast(NDManager manager, float[] data, long n, long c, long h, long w) {
        return manager.create(data, new Shape(n, h, w, c)).transpose(0, 3, 1, 2);
    }

    /** A convolution with square kernel, stride and padding; does not close {@code x}. */
    public static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return x.getNDArrayInternal()
                .convolution(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                        new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** {@link #conv} that closes its input. */
    public static NDArray convConsuming(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        try (x) {
            return conv(x, weight, bias, stride, padding);
        }
    }

    /** ReLU; closes {@code x}. */
    public static NDArray relu(NDArray x) {
        try (x) {
            return x.maximum(0f);
        }
    }

    /**
     * Parametric ReLU, {@code x > 0 ? x : alpha * x} with one slope per channel, computed in place as
     * {@code x + (alpha - 1) * min(x, 0)}: one new array and two in-place passes, half the time of the
     * four passes of {@code max(x, 0) + alpha * min(x, 0)} on a P-Net level here. DJL's PyTorch engine has
     * no prelu, and the slopes here include negative values and values above 1.
     *
     * @param slopeMinusOne {@code alpha - 1}, broadcasting over the channel dimension
     */
    public record Prelu(NDArray slopeMinusOne) {

        /** The layer for {@code alpha}, shaped {@code [c, 1, 1]} or {@code [c]} as the input needs. */
        public static Prelu of(NDManager manager, float[] alpha, Shape shape) {
            float[] minusOne = new float[alpha.length];
            for (int i = 0; i < alpha.length; i++) {
                minusOne[i] = alpha[i] - 1f;
            }
            return new Prelu(manager.create(minusOne, shape));
        }

        /** Applies the layer to {@code x} in place and returns it. */
        public NDArray apply(NDArray x) {
            try (NDArray negative = x.minimum(0f)) {
                x.addi(negative.muli(slopeMinusOne));
            }
            return x;
        }
    }

    /**
     * Max pooling with square kernel and stride over {@code [n, c, h, w]}; closes {@code x}. With
     * {@code ceil}, a partial window at the bottom or right counts, as TensorFlow's 'same' does for these
     * nets. libtorch's kernel vectorises over the channels of a channels-last array: from 32 channels up it
     * was 1.5-4x faster here than maxima of strided views (rows then columns), below it up to 2.6x slower
     * (P-Net's 10 channels); both give identical results.
     */
    public static NDArray maxPool(NDArray x, int kernel, int stride, boolean ceil) {
        if (x.getShape().get(1) >= 32) {
            try (x) {
                return x.getNDArrayInternal().maxPool(new Shape(kernel, kernel), new Shape(stride, stride),
                        new Shape(0, 0), ceil);
            }
        }
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long outH = outSize(h, kernel, stride, ceil);
        long outW = outSize(w, kernel, stride, ceil);
        long padH = Math.max(0, (outH - 1) * stride + kernel - h);
        long padW = Math.max(0, (outW - 1) * stride + kernel - w);
        NDArray padded = x;
        if (padH > 0 || padW > 0) {
            padded = x.pad(new Shape(0, padW, 0, padH), Float.NEGATIVE_INFINITY);
            x.close();
        }
        NDArray columns = stridedMax(padded, kernel, stride, outW, false);
        padded.close();
        NDArray pooled = stridedMax(columns, kernel, stride, outH, true);
        columns.close();
        return pooled;
    }

    private static long outSize(long in, int kernel, int stride, boolean ceil) {
        long span = in - kernel;
        return (ceil ? (span + stride - 1) / stride : span / stride) + 1;
    }

    /** The maximum over {@code kernel} shifted views strided by {@code stride} along height or width. */
    private static NDArray stridedMax(NDArray x, int kernel, int stride, long out, boolean alongHeight) {
        NDArray max = null;
        for (int k = 0; k < kernel; k++) {
            long end = k + (out - 1) * stride + 1;
            String index = alongHeight ? ":, :, {}:{}:{}, :" : ":, :, :, {}:{}:{}";
            NDArray view = x.get(new NDIndex(index, k, end, stride));
            if (max == null) {
                max = view;
            } else {
                NDArray next = max.maximum(view);
                max.close();
                view.close();
                max = next;
            }
        }
        return max;
    }

    /** 2x2 average pool, stride 2, 'valid'; does not close {@code x}. */
    public static NDArray avgPool(NDArray x) {
        return x.getNDArrayInternal()
                .avgPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }
}
