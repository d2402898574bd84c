package io.elasticface.engine;

import ai.djl.ndarray.NDManager;
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
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A network written in TorchScript, compiled by libtorch when the engine starts.
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

    private final PtSymbolBlock module;

    private TorchScript(PtSymbolBlock module) {
        this.module = module;
    }

    /**
     * Compiles the TorchScript class {@code className} from the resource {@code resource} beside
     * {@code owner}.
     */
    public static TorchScript load(NDManager manager, Class<?> owner, String resource, String className) {
        String code;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("TorchScript resource " + resource + " is missing beside " + owner);
            }
            code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compile(manager, className, code);
    }

    /** Compiles {@code code}, which defines the TorchScript class {@code className}. */
    public static TorchScript compile(NDManager manager, String className, String code) {
        try (InputStream archive = new ByteArrayInputStream(archive(className, code))) {
            return new TorchScript(JniUtils.loadModule((PtNDManager) manager, archive, false, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TorchScript {@code List[List[int]]}, such as input shapes; the caller closes it. */
    public static IValue listOfLongLists(List<long[]> lists) {
        IValue[] inner = lists.stream().map(IValue::listFrom).toArray(IValue[]::new);
        try {
            return IValue.listFrom(inner);
        } finally {
            // The outer list holds its own references to the elements.
            for (IValue list : inner) {
                list.close();
            }
        }
    }

    /** Runs a method; the caller closes the result. Inputs stay open. */
    public IValue run(String method, IValue... inputs) {
        return IValueUtils.runMethod(module, method, inputs);
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
