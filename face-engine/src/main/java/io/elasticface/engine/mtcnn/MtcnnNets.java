package io.elasticface.engine.mtcnn;

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
import java.util.Arrays;
import java.util.List;

/**
 * MTCNN's three networks with face-api.js@0.10.0's weights, as pure functions of NDArrays. Inputs are
 * normalised ((v - 127.5) / 128) RGB in the nets' transposed frame: {@code [n, 3, x, y]}, because the
 * nets were trained on images transposed H and W (the original Matlab/Caffe convention). Sibling output
 * layers are merged into one convolution or matrix, so each net ends in a single output.
 *
 * <p>The nets are TorchScript ({@code mtcnn.torchscript} and a {@link Kernels} variant, see
 * {@link TorchScript}): one call per net (per pyramid level for P-Net) instead of one DJL call per op, which
 * had cost a third of the nets' time on a small photo.
 *
 * <p>Thread-safe: weights are read-only; results land in the input's manager.
 */
public final class MtcnnNets implements AutoCloseable {

    /** The weights in the {@code model} module: {@code mtcnn_model.weights} and its manifest. */
    public static final String WEIGHTS = "mtcnn_model";

    /** P-Net output channels: 2 face logits, then 4 box offsets. */
    static final int PNET_OUT = 6;
    /** R-Net outputs: 2 face logits, 4 box offsets. */
    static final int RNET_OUT = 6;
    /** O-Net outputs: 2 face logits, 4 box offsets, 5 landmark x then 5 landmark y. */
    static final int ONET_OUT = 16;

    /**
     * P-Net levels smaller than this run in plain layout: there oneDNN's channels-last convolution over the 3
     * input channels took 3-5x as long here (137 vs 45 us at 38x38, 554 vs 112 us at 80x80), from about
     * 100x100 on 10-25% less. The value lies between the two regimes measured.
     */
    static final long PLAIN_BELOW_PIXELS = 8192;

    /**
     * The convolutions whose weights the fused variant reorders: R-Net's and O-Net's, for their fixed inputs. Known
     * before the weights are read so that the kernels can be chosen first; a test holds it to what the constructor
     * packs.
     */
    public static final List<TorchScript.Conv> PACKED_CONVS = List.of(
            new TorchScript.Conv(3, 24, 28, 3, 1, 0), new TorchScript.Conv(28, 11, 48, 3, 1, 0),
            new TorchScript.Conv(48, 4, 64, 2, 1, 0), new TorchScript.Conv(3, 48, 32, 3, 1, 0),
            new TorchScript.Conv(32, 23, 64, 3, 1, 0), new TorchScript.Conv(64, 10, 64, 3, 1, 0),
            new TorchScript.Conv(64, 4, 128, 2, 1, 0));

    private final List<TorchScript.Conv> convs = new ArrayList<>();
    private final TorchScript script;
    private final Value plainBelow;
    private final Value pnet;
    private final Value pnetPlain;
    private final Value rnet;
    private final Value onet;

    /**
     * Loads the weights into {@code m}, which the caller owns and closes (after {@link #close}).
     *
     * @param kernels {@link Kernels#FUSED} or {@link Kernels#PORTABLE}
     */
    public MtcnnNets(NDManager m, Weights w, Kernels kernels) {
        List<NDArray> p = new ArrayList<>();
        shared(m, w, p, "pnet", new int[] {3, 10, 16, 32}, 3);
        float[] scoreFilters = Layouts.hwioToOihw(w.take("pnet/conv4-1/weights", 1, 1, 32, 2), 1, 1, 32, 2);
        float[] scoreBias = w.take("pnet/conv4-1/biases", 2);
        float[] boxFilters = Layouts.hwioToOihw(w.take("pnet/conv4-2/weights", 1, 1, 32, 4), 1, 1, 32, 4);
        float[] boxBias = w.take("pnet/conv4-2/biases", 4);
        p.add(m.create(Layouts.concat(scoreFilters, boxFilters), new Shape(PNET_OUT, 32, 1, 1)));
        p.add(m.create(Layouts.concat(scoreBias, boxBias), new Shape(PNET_OUT)));
        List<NDArray> r = new ArrayList<>();
        shared(m, w, r, "rnet", new int[] {3, 28, 48, 64}, 2);
        dense(m, w, r, "rnet/fc1", "rnet/prelu4_alpha", 3, 3, 64, 128);
        merged(m, w, r, 128, new String[] {"rnet/fc2-1", "rnet/fc2-2"}, 2, 4);
        List<NDArray> o = new ArrayList<>();
        shared(m, w, o, "onet", new int[] {3, 32, 64, 64}, 3);
        conv(m, w, o, "onet", 4, 64, 128, 2);
        dense(m, w, o, "onet/fc1", "onet/prelu5_alpha", 3, 3, 128, 256);
        merged(m, w, o, 256, new String[] {"onet/fc2-1", "onet/fc2-2", "onet/fc2-3"}, 2, 4, 10);
        w.requireAllTaken();
        // The Values share the arrays, which stay open in m: DJL may have created them over Java buffers.
        this.script = TorchScript.load(m, MtcnnNets.class, "Mtcnn", "mtcnn.torchscript", kernels.resource("mtcnn"));
        Value below = null;
        Value pnetList = null;
        Value plain = null;
        Value packedR = null;
        try {
            below = TorchScript.number(PLAIN_BELOW_PIXELS);
            pnetList = TorchScript.tensors(p);
            plain = script.run("plain", pnetList);
            packedR = packed(r, new long[][] {{1, 3, 24, 24}, {1, 28, 11, 11}, {1, 48, 4, 4}});
            this.onet = packed(o, new long[][] {{1, 3, 48, 48}, {1, 32, 23, 23}, {1, 64, 10, 10}, {1, 64, 4, 4}});
        } catch (RuntimeException e) {
            Value builtBelow = below;
            Value builtPnet = pnetList;
            Value builtPlain = plain;
            Value builtR = packedR;
            try (script; builtBelow; builtPnet; builtPlain; builtR) {
                // closes what was built, the last first (null ones are skipped)
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        this.plainBelow = below;
        this.pnet = pnetList;
        this.pnetPlain = plain;
        this.rnet = packedR;
    }

    /**
     * A patch net's layers as one list, with the weights of its convolutions (its first layers, three arrays
     * each) packed for {@code inputs}.
     */
    private Value packed(List<NDArray> layers, long[][] inputs) {
        long[] weightIndices = new long[inputs.length];
        for (int i = 0; i < weightIndices.length; i++) {
            weightIndices[i] = 3L * i;
            long[] filter = layers.get(3 * i).getShape().getShape(); // [out, in, kh, kw]; 'valid', stride 1
            convs.add(new TorchScript.Conv((int) inputs[i][1], (int) inputs[i][2], (int) filter[0], (int) filter[2],
                    1, 0));
        }
        try (Value list = TorchScript.tensors(layers);
             Value indices = TorchScript.longs(weightIndices);
             Value sizes = TorchScript.longLists(Arrays.asList(inputs))) {
            return script.run("pack", list, indices, sizes);
        }
    }

    /** A net's first three convolution layers, {@code <net>/conv1} to {@code conv3}. */
    private static void shared(NDManager m, Weights w, List<NDArray> p, String net, int[] channels, int lastKernel) {
        conv(m, w, p, net, 1, channels[0], channels[1], 3);
        conv(m, w, p, net, 2, channels[1], channels[2], 3);
        conv(m, w, p, net, 3, channels[2], channels[3], lastKernel);
    }

    /**
     * A 'valid' convolution followed by PReLU: weight, bias, slopes ({@code <net>/conv<n>/weights} stored
     * {@code [kh, kw, in, out]}, {@code biases}, {@code <net>/prelu<n>_alpha}).
     */
    private static void conv(NDManager m, Weights w, List<NDArray> p, String net, int n, int in, int out, int k) {
        String layer = net + "/conv" + n;
        float[] filters = Layouts.hwioToOihw(w.take(layer + "/weights", k, k, in, out), k, k, in, out);
        p.add(Torch.channelsLast(m, Layouts.oihwToOhwi(filters, out, in, k, k), out, in, k, k));
        p.add(m.create(w.take(layer + "/biases", out), new Shape(out)));
        p.add(m.create(w.take(net + "/prelu" + n + "_alpha", out), new Shape(out)));
    }

    /**
     * A fully connected layer {@code [in, out]} followed by PReLU: matrix, bias, slopes. The stored matrix
     * takes its input flattened NHWC; its rows are reordered so that the NCHW flatten of the net fits.
     */
    private static void dense(NDManager m, Weights w, List<NDArray> p, String layer, String prelu, int h, int wd,
                              int c, int out) {
        int in = h * wd * c;
        p.add(m.create(Layouts.nhwcRowsToNchw(w.take(layer + "/weights", in, out), h, wd, c, out),
                new Shape(in, out)));
        p.add(m.create(w.take(layer + "/biases", out), new Shape(out)));
        p.add(m.create(w.take(prelu, out), new Shape(out)));
    }

    /** Sibling output layers sharing one input, merged column-wise in the order given: matrix, bias. */
    private static void merged(NDManager m, Weights w, List<NDArray> p, int in, String[] layers, int... outs) {
        int total = 0;
        for (int o : outs) {
            total += o;
        }
        float[] matrix = new float[in * total];
        float[] bias = new float[total];
        int column = 0;
        for (int l = 0; l < layers.length; l++) {
            int o = outs[l];
            float[] part = w.take(layers[l] + "/weights", in, o);
            for (int r = 0; r < in; r++) {
                System.arraycopy(part, r * o, matrix, r * total + column, o);
            }
            System.arraycopy(w.take(layers[l] + "/biases", o), 0, bias, column, o);
            column += o;
        }
        p.add(m.create(matrix, new Shape(in, total)));
        p.add(m.create(bias, new Shape(total)));
    }

    /**
     * P-Net over a whole image level {@code [1, 3, x, y]}: {@code [1, 6, x', y']}, one cell per 2 pixels.
     * Like the other nets, it closes its input; the result lands in the input's manager.
     */
    NDArray pnet(NDArray x) {
        return run("pnet", x, pnet, pnetPlain, plainBelow);
    }

    /** R-Net over 24x24 patches {@code [n, 3, 24, 24]}: {@code [n, 6]}. */
    NDArray rnet(NDArray x) {
        return run("rnet", x, rnet);
    }

    /** O-Net over 48x48 patches {@code [n, 3, 48, 48]}: {@code [n, 16]}. */
    NDArray onet(NDArray x) {
        return run("onet", x, onet);
    }

    private NDArray run(String net, NDArray x, Value... arguments) {
        Value[] inputs = new Value[arguments.length + 1];
        System.arraycopy(arguments, 0, inputs, 1, arguments.length);
        try (x; Value input = TorchScript.tensor(x)) {
            inputs[0] = input;
            try (Value out = script.run(net, inputs)) {
                return out.toArray(x.getManager());
            }
        }
    }

    /** The convolutions this net packed (for the test that checks {@link #PACKED_CONVS}). */
    List<TorchScript.Conv> convs() {
        return List.copyOf(convs);
    }

    /** Frees the compiled nets; the weights' arrays live in the manager given at construction. */
    @Override
    public void close() {
        try (script; plainBelow; onet; rnet; pnetPlain; pnet) {
            // closed in reverse order, each even when another fails
        }
    }
}
