package io.elasticface.engine;

import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Which convolutions the nets run: oneDNN's fused primitives on weights reordered once (fast; the Linux
 * builds of libtorch have them), or plain ones (portable: the macOS arm64 build of libtorch 2.7.1 lacks
 * {@code mkldnn::_convolution_pointwise}). Each net's TorchScript is a shared body plus the methods of one
 * variant, {@code <net>-fused.torchscript} or {@code <net>-portable.torchscript}.
 */
public enum Kernels {
    /** Per net: the fused primitives where this libtorch has them and they agree with plain ones, else plain ones. */
    AUTO,
    FUSED,
    PORTABLE;

    /** As far as the fused convolution may be from the plain one: the engine's tolerance for descriptors. */
    static final double AGREEMENT = 1e-4;

    /**
     * The variant to load for a net with these convolutions: this one, or for {@link #AUTO} the fused one where
     * this libtorch has it and it computes what the plain one does for each of them on this CPU (probed once per
     * net and machine: see {@link KernelVerdicts}).
     */
    public Kernels resolve(NDManager manager, List<TorchScript.Conv> convs) {
        if (this != AUTO) {
            return this;
        }
        return Verdicts.OF_THIS_MACHINE.resolve(convs,
                shapes -> TorchScript.fusedConvolutionDifference(manager, shapes)).kernels();
    }

    /** Made on first use, once libtorch is loaded (the verdicts are for its version). */
    private static final class Verdicts {
        static final KernelVerdicts OF_THIS_MACHINE = KernelVerdicts.forThisMachine();
    }

    /** The variant's resource beside a net's shared body {@code net.torchscript}. */
    public String resource(String net) {
        if (this == AUTO) {
            throw new IllegalStateException("resolve AUTO first");
        }
        return net + "-" + name().toLowerCase(java.util.Locale.ROOT) + ".torchscript";
    }
}
