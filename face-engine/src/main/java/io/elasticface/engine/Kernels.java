package io.elasticface.engine;

import ai.djl.ndarray.NDManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which convolutions the nets run: oneDNN's fused primitives on weights reordered once (fast; the Linux
 * builds of libtorch have them), or plain ones (portable: the macOS arm64 build of libtorch 2.7.1 lacks
 * {@code mkldnn::_convolution_pointwise}). Each net's TorchScript is a shared body plus the methods of one
 * variant, {@code <net>-fused.torchscript} or {@code <net>-portable.torchscript}.
 */
public enum Kernels {
    /** Use the fused primitives where this libtorch has them and they agree with plain ones, plain ones otherwise. */
    AUTO,
    FUSED,
    PORTABLE;

    private static final Logger log = LoggerFactory.getLogger(Kernels.class);
    private static volatile Kernels detected;

    /** The variant to load: this one, or for {@link #AUTO} what this libtorch supports (detected once). */
    public Kernels resolve(NDManager manager) {
        if (this != AUTO) {
            return this;
        }
        Kernels found = detected;
        if (found == null) {
            synchronized (Kernels.class) {
                if (detected == null) {
                    detected = TorchScript.hasFusedConvolution(manager) ? FUSED : PORTABLE;
                    if (detected == PORTABLE) {
                        log.warn("This libtorch has no oneDNN fused convolution (mkldnn::_convolution_pointwise), "
                                + "or on this CPU it does not compute what the plain one does: the face engine "
                                + "runs plain convolutions (slower)");
                    }
                }
                found = detected;
            }
        }
        return found;
    }

    /** The variant's resource beside a net's shared body {@code net.torchscript}. */
    public String resource(String net) {
        if (this == AUTO) {
            throw new IllegalStateException("resolve AUTO first");
        }
        return net + "-" + name().toLowerCase(java.util.Locale.ROOT) + ".torchscript";
    }
}
