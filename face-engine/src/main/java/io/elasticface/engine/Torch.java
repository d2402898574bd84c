package io.elasticface.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * DJL's PyTorch engine set up the way this service needs it, and the layout the nets' inputs use. The nets
 * themselves are TorchScript (see {@link TorchScript}).
 *
 * <p>The engine runs offline (no telemetry or downloads) with one intra-op and one inter-op thread,
 * because parallelism comes from serving several images at once; one request with two threads stalled
 * for 0.5-1.7 s at p90 on two cores.
 *
 * <p>NNPACK is switched off (see {@link Nnpack}): it never serves these nets, and where it cannot start it
 * logs a warning on every small convolution.
 *
 * <p>The nets' inputs are laid out "channels last": an {@code [n, h, w, c]} array viewed as
 * {@code [n, c, h, w]} (see {@link #channelsLast}), the layout oneDNN's convolutions work in here without
 * reordering each input and output.
 */
public final class Torch {

    private Torch() {
    }

    /** A new root manager on the CPU; the settings take effect only if the engine has not started yet. */
    public static NDManager newManager() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        String engine = Engine.getEngine("PyTorch").getEngineName();
        Nnpack.switchOff();
        return NDManager.newBaseManager(Device.cpu(), engine);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * {@code data} in {@code [n, h, w, c]} order as an array of shape {@code [n, c, h, w]} in channels-last
     * layout. The view's base stays open in {@code manager}: DJL may have created it over a Java buffer that
     * closing it would free under the view.
     */
    public static NDArray channelsLast(NDManager manager, float[] data, long n, long c, long h, long w) {
        return manager.create(data, new Shape(n, h, w, c)).transpose(0, 3, 1, 2);
    }
}
