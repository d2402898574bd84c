package io.elasticface.app.engine.mtcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.elasticface.app.engine.Torch;
import io.elasticface.app.engine.weights.FloatWeights;
import io.elasticface.app.engine.weights.Layouts;

/**
 * MTCNN's three networks with face-api.js@0.10.0's weights, as pure functions over NDArrays. Inputs are
 * normalised ((v - 127.5) / 128) RGB in the nets' transposed frame: {@code [n, 3, x, y]}, because the
 * nets were trained on images transposed H and W (the original Matlab/Caffe convention). Sibling output
 * layers are merged into one convolution or matrix, so each net ends in a single output.
 *
 * <p>Thread-safe: weights are read-only; results land in the input's manager.
 */
public final class MtcnnNets {

    public static final String WEIGHTS = "mtcnn_model.weights";

    /** P-Net output channels: 2 face logits, then 4 box offsets. */
    static final int PNET_OUT = 6;
    /** R-Net outputs: 2 face logits, 4 box offsets. */
    static final int RNET_OUT = 6;
    /** O-Net outputs: 2 face logits, 4 box offsets, 5 landmark x then 5 landmark y. */
    static final int ONET_OUT = 16;

    private final Conv[] pnet;
    private final NDArray pnetOut;
    private final NDArray pnetOutBias;
    private final Conv[] rnet;
    private final Dense rnetFc;
    private final Dense rnetOut;
    private final Conv[] onet;
    private final Dense onetFc;
    private final Dense onetOut;

    /** Loads the weights into {@code m}, which the caller owns and closes. */
    public MtcnnNets(NDManager m, FloatWeights w) {
        pnet = shared(m, w, new int[] {3, 10, 16, 32}, 3);
        float[] scoreFilters = Layouts.hwioToOihw(w.next(32 * 2), 1, 1, 32, 2);
        float[] scoreBias = w.next(2);
        float[] boxFilters = Layouts.hwioToOihw(w.next(32 * 4), 1, 1, 32, 4);
        float[] boxBias = w.next(4);
        pnetOut = m.create(Layouts.concat(scoreFilters, boxFilters), new Shape(PNET_OUT, 32, 1, 1));
        pnetOutBias = m.create(Layouts.concat(scoreBias, boxBias), new Shape(PNET_OUT));

        rnet = shared(m, w, new int[] {3, 28, 48, 64}, 2);
        rnetFc = Dense.read(m, w, 3, 3, 64, 128);
        rnetOut = Dense.merged(m, w, 128, 2, 4);

        Conv[] onetShared = shared(m, w, new int[] {3, 32, 64, 64}, 3);
        onet = new Conv[] {onetShared[0], onetShared[1], onetShared[2], Conv.read(m, w, 64, 128, 2)};
        onetFc = Dense.read(m, w, 3, 3, 128, 256);
        onetOut = Dense.merged(m, w, 256, 2, 4, 10);
        w.requireConsumed();
    }

    private static Conv[] shared(NDManager m, FloatWeights w, int[] channels, int lastKernel) {
        return new Conv[] {
                Conv.read(m, w, channels[0], channels[1], 3),
                Conv.read(m, w, channels[1], channels[2], 3),
                Conv.read(m, w, channels[2], channels[3], lastKernel),
        };
    }

    /**
     * P-Net over a whole image level {@code [1, 3, x, y]}: {@code [1, 6, x', y']}, one cell per 2 pixels.
     * Like the other nets, it closes its input.
     */
    NDArray pnet(NDArray x) {
        x = pnet[0].forward(x);
        x = Torch.maxPool(x, 2, 2, true);
        x = pnet[1].forward(x);
        x = pnet[2].forward(x);
        return Torch.convConsuming(x, pnetOut, pnetOutBias, 1, 0);
    }

    /** R-Net over 24x24 patches {@code [n, 3, 24, 24]}: {@code [n, 6]}. */
    NDArray rnet(NDArray x) {
        x = rnet[0].forward(x);
        x = Torch.maxPool(x, 3, 2, true);
        x = rnet[1].forward(x);
        x = Torch.maxPool(x, 3, 2, false);
        x = rnet[2].forward(x);
        x = rnetFc.forward(flatten(x));
        return rnetOut.forward(x);
    }

    /** O-Net over 48x48 patches {@code [n, 3, 48, 48]}: {@code [n, 16]}. */
    NDArray onet(NDArray x) {
        x = onet[0].forward(x);
        x = Torch.maxPool(x, 3, 2, true);
        x = onet[1].forward(x);
        x = Torch.maxPool(x, 3, 2, false);
        x = onet[2].forward(x);
        x = Torch.maxPool(x, 2, 2, true);
        x = onet[3].forward(x);
        x = onetFc.forward(flatten(x));
        return onetOut.forward(x);
    }

    private static NDArray flatten(NDArray x) {
        try (x) {
            return x.reshape(x.getShape().get(0), -1);
        }
    }

    /** A 'valid' convolution followed by PReLU; filters stored {@code [kh, kw, in, out]}. */
    private record Conv(NDArray weight, NDArray bias, Torch.Prelu prelu) {

        static Conv read(NDManager m, FloatWeights w, int in, int out, int k) {
            float[] filters = Layouts.hwioToOihw(w.next(k * k * in * out), k, k, in, out);
            NDArray weight = Torch.channelsLast(m, Layouts.oihwToOhwi(filters, out, in, k, k), out, in, k, k);
            NDArray bias = m.create(w.next(out), new Shape(out));
            return new Conv(weight, bias, Torch.Prelu.of(m, w.next(out), new Shape(out, 1, 1)));
        }

        /** Closes {@code x}. */
        NDArray forward(NDArray x) {
            return prelu.apply(Torch.convConsuming(x, weight, bias, 1, 0));
        }
    }

    /**
     * A fully connected layer {@code [in, out]}, optionally followed by PReLU. The stored matrix takes its
     * input flattened NHWC; its rows are reordered so that the NCHW flatten of PyTorch's output fits.
     */
    private record Dense(NDArray weight, NDArray bias, Torch.Prelu prelu) {

        static Dense read(NDManager m, FloatWeights w, int h, int wd, int c, int out) {
            int in = h * wd * c;
            float[] matrix = Layouts.nhwcRowsToNchw(w.next(in * out), h, wd, c, out);
            NDArray weight = m.create(matrix, new Shape(in, out));
            NDArray bias = m.create(w.next(out), new Shape(out));
            return new Dense(weight, bias, Torch.Prelu.of(m, w.next(out), new Shape(out)));
        }

        /** Sibling output layers sharing one input, read in file order and merged column-wise. */
        static Dense merged(NDManager m, FloatWeights w, int in, int... outs) {
            int total = 0;
            for (int o : outs) {
                total += o;
            }
            float[] matrix = new float[in * total];
            float[] bias = new float[total];
            int column = 0;
            for (int o : outs) {
                float[] part = w.next(in * o);
                for (int r = 0; r < in; r++) {
                    System.arraycopy(part, r * o, matrix, r * total + column, o);
                }
                System.arraycopy(w.next(o), 0, bias, column, o);
                column += o;
            }
            return new Dense(m.create(matrix, new Shape(in, total)), m.create(bias, new Shape(total)), null);
        }

        /** Closes {@code x}. */
        NDArray forward(NDArray x) {
            NDArray y;
            try (x) {
                y = x.matMul(weight);
            }
            y.addi(bias);
            return prelu == null ? y : prelu.apply(y);
        }
    }
}
