package io.elasticface.engine;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A network written in TorchScript, compiled by libtorch when the engine starts; the one class that touches
 * DJL's PyTorch internals ({@code JniUtils}, {@code IValue}, {@code PtNDArray}) and the archive format. The
 * nets see only {@link Value}s, NDArrays and this class's small API.
 *
 * <p>Why: a net run as DJL NDArray calls pays DJL's Java and JNI cost on every op (8-15 us here, more than
 * most of MTCNN's ops compute on a small photo), and reaches only the ops DJL wraps. One TorchScript call
 * runs a whole net inside libtorch, with ops DJL lacks: PReLU, in-place ReLU, and oneDNN convolutions that
 * take weights reordered once ({@code mkldnn_reorder_conv2d_weight}) and fuse the ReLU and the residual
 * sum ({@code mkldnn::_convolution_pointwise}).
 *
 * <p>The source is a class resource in TorchScript's serialised form ({@code class Name(Module): ...});
 * it is wrapped here in the archive {@code torch.jit.load} reads: the code, a pickled empty module and
 * the format version. The module has no parameters: weights are passed in as arguments, so no Python and
 * no generated binary is needed to build it. Methods may run concurrently; the module keeps no state.
 */
public final class TorchScript implements AutoCloseable {

    /**
     * The archive format version, the newest libtorch 2.x reads: an older one would make libtorch rewrite
     * ops whose meaning changed since (such as {@code torch.div} on integers) to their old meaning.
     */
    private static final String FORMAT_VERSION = "10\n";

    /**
     * Values made and not yet closed. DJL's managers own the arrays and the modules (closing a manager frees
     * them); nothing owns the IValues behind {@link Value}s, so they are counted here: a load that fails midway
     * must leave this where it found it.
     */
    private static final AtomicInteger OPEN_VALUES = new AtomicInteger();
    /** For tests: native objects that may still be made before making one fails; negative: no limit. */
    private static final AtomicInteger CREATIONS_BEFORE_FAILURE = new AtomicInteger(-1);

    private final PtSymbolBlock module;

    private TorchScript(PtSymbolBlock module) {
        this.module = module;
    }

    /**
     * Compiles the TorchScript class {@code className} from resources beside {@code owner}, concatenated in
     * order: a class body and the methods of a variant (see {@link Kernels}).
     */
    public static TorchScript load(NDManager manager, Class<?> owner, String className, String... resources) {
        StringBuilder code = new StringBuilder();
        for (String resource : resources) {
            try (InputStream in = owner.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("TorchScript resource " + resource + " is missing beside " + owner);
                }
                code.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return compile(manager, className, code.toString());
    }

    /** Compiles {@code code}, which defines the TorchScript class {@code className}. */
    public static TorchScript compile(NDManager manager, String className, String code) {
        try (InputStream archive = new ByteArrayInputStream(archive(className, code))) {
            creating();
            return new TorchScript(JniUtils.loadModule((PtNDManager) manager, archive, false, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Threads whose OpenMP thread count is already the engine's. */
    private static final ThreadLocal<Boolean> THREAD_SET = ThreadLocal.withInitial(() -> false);

    /**
     * Gives this thread the engine's OpenMP thread count, once per thread, before it packs weights or runs a net
     * (every {@link #run}).
     *
     * <p>The count is per thread. A new thread has one thread per core until libtorch's first parallel op sets it,
     * and oneDNN lays weights out according to it. Weights packed on such a thread are then laid out again on every
     * call of a net run with one thread. With oneDNN's AVX2 kernels that made a course photo 3.6x slower, because
     * the descriptor net's 128-channel weights were reordered six times a photo (BENCHMARKS.md).
     */
    private static void useEngineThreads() {
        if (!THREAD_SET.get()) {
            JniUtils.setNumThreads(JniUtils.getNumThreads());
            THREAD_SET.set(true);
        }
    }

    /** A convolution as a net runs it: input channels and side (batch 1), filters, kernel side, stride, padding. */
    public record Conv(int in, int side, int out, int kernel, int stride, int pad) {
    }

    /**
     * The largest difference between oneDNN's fused convolution on weights reordered for the input (as the fused
     * nets run it) and the plain one, over these convolutions on random data; infinite where this libtorch has no
     * fused convolution (macOS on Apple silicon). On some CPUs oneDNN's AVX-512 kernels answer differently for some
     * shapes (seen: the detector's, 0.48 apart on a Zen 5 EPYC, while its AVX2 kernels agree).
     */
    public static double fusedConvolutionDifference(NDManager manager, List<Conv> convs) {
        String probe = """
                class Probe(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool

                  def forward(self: __torch__.Probe, x: Tensor, w: Tensor, b: Tensor, stride: int, pad: int,
                              input: List[int]) -> Tensor:
                    packed = torch.mkldnn_reorder_conv2d_weight(torch.to_mkldnn(torch.contiguous(w)), [pad, pad],
                                                                [stride, stride], [1, 1], 1, input)
                    fused = ops.mkldnn._convolution_pointwise(x, packed, b, [pad, pad], [stride, stride], [1, 1], 1,
                                                              "none", annotate(List[Optional[number]], []), None)
                    plain = torch.conv2d(x, w, b, [stride, stride], [pad, pad], [1, 1], 1)
                    return torch.max(torch.abs(torch.sub(fused, plain)))
                """;
        Random random = new Random(5);
        double largest = 0;
        try (NDManager m = manager.newSubManager();
             TorchScript script = compile(m, "Probe", probe)) {
            for (Conv c : convs) {
                int fanIn = c.in() * c.kernel() * c.kernel();
                try (Value x = tensor(Torch.channelsLast(m, uniform(random, c.in() * c.side() * c.side(), 1), 1,
                             c.in(), c.side(), c.side()));
                     Value w = tensor(Torch.channelsLast(m, uniform(random, c.out() * fanIn, 1 / Math.sqrt(fanIn)),
                             c.out(), c.in(), c.kernel(), c.kernel()));
                     Value b = tensor(m.create(uniform(random, c.out(), 0.1)));
                     Value stride = number(c.stride());
                     Value pad = number(c.pad());
                     Value input = longs(1, c.in(), c.side(), c.side());
                     Value difference = script.run("forward", x, w, b, stride, pad, input)) {
                    largest = Math.max(largest, difference.toArray(m).toFloatArray()[0]);
                }
            }
            return largest;
        } catch (RuntimeException missing) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private static float[] uniform(Random random, int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextFloat() * 2 - 1) * scale);
        }
        return values;
    }

    /** A value passed to or returned by a script: a tensor, a list, a number. Close what you make. */
    public static final class Value implements AutoCloseable {

        private final IValue value;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Value(IValue value) {
            this.value = value;
            OPEN_VALUES.incrementAndGet();
        }

        /** Makes the native value, unless the test hook says this creation fails. */
        private static Value of(Supplier<IValue> make) {
            creating();
            return new Value(make.get());
        }

        /** The tensor this value holds, as an array of {@code manager}. */
        public NDArray toArray(NDManager manager) {
            return value.toTensor((PtNDManager) manager);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                value.close();
                OPEN_VALUES.decrementAndGet();
            }
        }
    }

    /** Values made and not yet closed, in this process. */
    static int openValues() {
        return OPEN_VALUES.get();
    }

    /**
     * Test hook: after {@code creations} more modules or values, making the next one throws, as libtorch
     * does when it fails; the hook then disarms. Negative disarms it at once.
     */
    static void failCreationAfter(int creations) {
        CREATIONS_BEFORE_FAILURE.set(creations);
    }

    private static void creating() {
        if (CREATIONS_BEFORE_FAILURE.get() >= 0 && CREATIONS_BEFORE_FAILURE.getAndDecrement() == 0) {
            throw new EngineException("injected failure: making a TorchScript module or value");
        }
    }

    /** A tensor; it shares the array, which must stay open while the value is used. */
    public static Value tensor(NDArray array) {
        return Value.of(() -> IValue.from((PtNDArray) array));
    }

    /** A {@code List[Tensor]}; it shares the arrays. */
    public static Value tensors(List<NDArray> arrays) {
        return Value.of(() -> IValue.listFrom(arrays.stream().map(a -> (PtNDArray) a).toArray(PtNDArray[]::new)));
    }

    public static Value number(long value) {
        return Value.of(() -> IValue.from(value));
    }

    public static Value flag(boolean value) {
        return Value.of(() -> IValue.from(value));
    }

    public static Value longs(long... values) {
        return Value.of(() -> IValue.listFrom(values));
    }

    public static Value booleans(boolean... values) {
        return Value.of(() -> IValue.listFrom(values));
    }

    /** A TorchScript {@code List[List[int]]}, such as input shapes. */
    public static Value longLists(List<long[]> lists) {
        creating();
        IValue[] inner = lists.stream().map(IValue::listFrom).toArray(IValue[]::new);
        try {
            return new Value(IValue.listFrom(inner));
        } finally {
            // The outer list holds its own references to the elements.
            for (IValue list : inner) {
                list.close();
            }
        }
    }

    /** Runs a method; the caller closes the result. Inputs stay open. */
    public Value run(String method, Value... inputs) {
        useEngineThreads();
        IValue[] values = new IValue[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = inputs[i].value;
        }
        return Value.of(() -> IValueUtils.runMethod(module, method, values));
    }

    @Override
    public void close() {
        module.close();
    }

    /** The zip {@code torch.jit.load} reads, entries stored uncompressed as {@code torch.jit.save} writes them. */
    static byte[] archive(String className, String code) throws IOException {
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a TorchScript class name: " + className);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            String root = className + "/";
            store(zip, root + "version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
            store(zip, root + "code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            store(zip, root + "data.pkl", emptyModulePickle(className));
            // An empty tuple: the code uses no tensor constants.
            store(zip, root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        }
        return bytes.toByteArray();
    }

    /**
     * Pickle protocol 2 of {@code __torch__.className()} with the one attribute every module has,
     * {@code training = False}: GLOBAL, EMPTY_TUPLE, NEWOBJ, then a dict BUILT into it.
     */
    private static byte[] emptyModulePickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 2});
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        p.writeBytes(new byte[] {')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0});
        p.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
        p.writeBytes(new byte[] {(byte) 0x89, 'u', 'b', '.'});
        return p.toByteArray();
    }

    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
