package io.elasticface.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's NNPACK switch ({@code at::globalContext().setUserEnabledNNPACK}), which DJL does not expose.
 *
 * <p>Why it is switched off: libtorch 2.7 asks NNPACK whether it can run before every small convolution that
 * oneDNN does not take, and where NNPACK cannot initialise (it rejects some CPUs, this project's Zen 5 test
 * machines among them) it logs "Could not initialize NNPACK! Reason: Unsupported hardware." each time: some
 * 17 lines a course photo, 12,000 in one {@code elasticface bench}. NNPACK would only serve batches of 16
 * images or more, which these nets never run, so switching it off changes no computation anywhere.
 *
 * <p>The functions are reached by their C++ (Itanium ABI) names in the {@code libtorch_cpu} this process has
 * loaded, found in {@code /proc/self/maps} (never another copy on the library path). Where either is missing
 * (another libtorch, another platform) nothing changes but the log.
 */
final class Nnpack {

    private static final Logger log = LoggerFactory.getLogger(Nnpack.class);
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String ENABLED = "_ZNK2at7Context17userEnabledNNPACKEv";

    private static boolean done;

    private Nnpack() {
    }

    /** Switches NNPACK off once per process; call after libtorch is loaded. */
    static synchronized void switchOff() {
        if (done) {
            return;
        }
        done = true;
        try {
            NativeLibrary torch = libtorchCpu();
            torch.getFunction(SET_ENABLED).invokeVoid(new Object[] {context(torch), Boolean.FALSE});
        } catch (RuntimeException | LinkageError e) { // IllegalStateException: not loaded from a file we can see
            log.debug("NNPACK stays as libtorch set it (its warnings may repeat in the log)", e);
        }
    }

    /** Whether libtorch would consider NNPACK for a convolution (for tests). */
    static boolean enabled() {
        NativeLibrary torch = libtorchCpu();
        return torch.getFunction(ENABLED).invokeInt(new Object[] {context(torch)}) != 0;
    }

    /** The libtorch_cpu DJL loaded: opening the same file again finds it loaded, and loads no second copy. */
    private static NativeLibrary libtorchCpu() {
        String file = "/" + System.mapLibraryName("torch_cpu");
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            throw new IllegalStateException("no " + maps + " to find the loaded libtorch in");
        }
        try (Stream<String> lines = Files.lines(maps)) {
            // address, permissions, offset, device, inode, path
            String path = lines.map(line -> line.split("\\s+", 6)).filter(f -> f.length == 6 && f[5].endsWith(file))
                    .map(f -> f[5]).findFirst()
                    .orElseThrow(() -> new IllegalStateException("libtorch_cpu is not mapped in this process"));
            return NativeLibrary.getInstance(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pointer context(NativeLibrary torch) {
        Function globalContext = torch.getFunction(GLOBAL_CONTEXT);
        return globalContext.invokePointer(new Object[0]);
    }
}
