package io.elasticface.app.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Starts DJL's PyTorch engine the way this service needs it: offline (no telemetry or downloads) and one
 * intra-op and one inter-op thread, because parallelism comes from serving several images at once; one
 * request with two threads stalled for 0.5-1.7 s at p90 on two cores.
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

    /** A convolution with square kernel, stride and padding. */
    public static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return x.getNDArrayInternal()
                .convolution(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                        new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** Max pooling with square kernel and stride; {@code ceil} equals TensorFlow's 'same' for these nets. */
    public static NDArray maxPool(NDArray x, int kernel, int stride, boolean ceil) {
        return x.getNDArrayInternal()
                .maxPool(new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), ceil);
    }

    public static NDArray avgPool(NDArray x, int kernel, int stride) {
        return x.getNDArrayInternal()
                .avgPool(new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), false, true);
    }

    /**
     * Parametric ReLU, {@code max(x, 0) + alpha * min(x, 0)}; {@code alpha} must broadcast over the channel
     * dimension ({@code [c, 1, 1]} for images, {@code [c]} for vectors). DJL's PyTorch engine has no prelu.
     */
    public static NDArray prelu(NDArray x, NDArray alpha) {
        return x.maximum(0f).add(x.minimum(0f).mul(alpha));
    }
}
