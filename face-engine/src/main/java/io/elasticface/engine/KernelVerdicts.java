package io.elasticface.engine;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Kernels#AUTO} found for each net, kept in memory for the process and in a small file per net for
 * later processes. The probe costs 0.15-0.19 s of CPU per net, which every worker's start paid on two busy cores
 * (BENCHMARKS.md); its answer depends only on the libtorch and the CPU, so it is asked once per machine.
 *
 * <p>A verdict is used only by a process that sees the same machine: the same libtorch version and architecture,
 * the same CPU (its identity and feature flags in {@code /proc/cpuinfo}, so an AMI baked on one instance type
 * probes again on another), the same variables that hold oneDNN, ATen or MKL to an instruction set, and the same
 * probe. The file records all of that and is ignored unless it matches. Where there is no {@code /proc/cpuinfo}
 * (macOS) nothing is kept on disk. Deleting the folder makes the next worker probe again.
 */
final class KernelVerdicts {

    /** Changes whenever the probe or its tolerance does, so that older verdicts are not used. */
    static final String PROBE = "fused-vs-plain-1 tolerance " + Kernels.AGREEMENT;

    private static final Logger log = LoggerFactory.getLogger(KernelVerdicts.class);
    private static final Logger KERNELS_LOG = LoggerFactory.getLogger(Kernels.class); // the line users know
    private static final Set<String> CPU_KEYS = Set.of("vendor_id", "cpu family", "model", "model name",
            "stepping", "flags", "Features", "CPU implementer", "CPU architecture", "CPU variant", "CPU part");
    private static final List<String> ISA_VARIABLES = List.of("ONEDNN_", "DNNL_", "ATEN_", "MKL_");

    /** A verdict and the probe's figure behind it (infinite: this libtorch has no fused convolution). */
    record Verdict(Kernels kernels, double difference) {

        static Verdict of(double difference) {
            return new Verdict(difference <= Kernels.AGREEMENT ? Kernels.FUSED : Kernels.PORTABLE, difference);
        }
    }

    private final Path dir; // null: nothing kept on disk
    private final String machine;
    private final Map<List<TorchScript.Conv>, Verdict> known = new ConcurrentHashMap<>();

    KernelVerdicts(Path dir, String machine) {
        this.dir = dir;
        this.machine = machine;
    }

    /**
     * The process's store: files in {@code elasticface/} under DJL's cache folder, which DJL needs writable anyway
     * to unpack libtorch ({@code DJL_CACHE_DIR}, on EC2 {@code /var/cache/elasticface/djl}, baked into the AMI by
     * its training run). Call once libtorch is loaded.
     */
    static KernelVerdicts forThisMachine() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return new KernelVerdicts(null, "");
        }
        try {
            String libtorch = Engine.getEngine("PyTorch").getVersion();
            return new KernelVerdicts(Utils.getCacheDir().resolve("elasticface"),
                    machine(libtorch, System.getProperty("os.arch"), Files.readString(cpuinfo), System.getenv()));
        } catch (IOException | RuntimeException e) {
            log.debug("Kernel verdicts are not kept on disk", e);
            return new KernelVerdicts(null, "");
        }
    }

    /**
     * What a verdict depends on, as text: the libtorch version, the architecture, the first CPU's identity and
     * flags, and the variables that hold libtorch's kernels to an instruction set.
     */
    static String machine(String libtorch, String arch, String cpuinfo, Map<String, String> env) {
        Map<String, String> cpu = new TreeMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank() && !cpu.isEmpty()) {
                break; // the first processor's block is enough: the others are the same CPU
            }
            int colon = line.indexOf(':');
            if (colon > 0 && CPU_KEYS.contains(line.substring(0, colon).trim())) {
                cpu.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String isa = new TreeMap<>(env).entrySet().stream()
                .filter(e -> ISA_VARIABLES.stream().anyMatch(e.getKey()::startsWith))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return Stream.concat(Stream.of("libtorch " + libtorch, "arch " + arch, "probe " + PROBE, "isa " + isa),
                cpu.entrySet().stream().map(e -> "cpu " + e.getKey() + ": " + e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    /**
     * The verdict for a net with these convolutions: known, kept on disk, or probed now (and kept). Plain
     * convolutions are said once per net and process, as the engine's load says them.
     */
    Verdict resolve(List<TorchScript.Conv> convs, ToDoubleFunction<List<TorchScript.Conv>> probe) {
        return known.computeIfAbsent(List.copyOf(convs), shapes -> {
            Verdict verdict = read(shapes).orElseGet(() -> {
                Verdict probed = Verdict.of(probe.applyAsDouble(shapes));
                write(shapes, probed);
                return probed;
            });
            if (verdict.kernels() == Kernels.PORTABLE) {
                String why = Double.isInfinite(verdict.difference())
                        ? "this libtorch has no oneDNN fused convolution (mkldnn::_convolution_pointwise)"
                        : "oneDNN's fused convolution is " + verdict.difference() + " from the plain one on this CPU";
                KERNELS_LOG.warn("A face net runs plain convolutions (slower, same results): {}", why);
            }
            return verdict;
        });
    }

    /** Where this net's verdict is kept on disk, if anywhere. */
    Optional<Path> file(List<TorchScript.Conv> convs) {
        if (dir == null) {
            return Optional.empty();
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((machine + "\n" + convs).getBytes(StandardCharsets.UTF_8));
            return Optional.of(dir.resolve("kernels-" + HexFormat.of().formatHex(hash, 0, 8) + ".properties"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private Optional<Verdict> read(List<TorchScript.Conv> convs) {
        Optional<Path> file = file(convs).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Properties kept = new Properties();
        try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            kept.load(in);
            if (!machine.equals(kept.getProperty("machine")) || !convs.toString().equals(kept.getProperty("convs"))) {
                return Optional.empty(); // another machine's (a hash collision) or not whole
            }
            Verdict verdict = new Verdict(Kernels.valueOf(kept.getProperty("kernels", "").toUpperCase(Locale.ROOT)),
                    Double.parseDouble(kept.getProperty("difference", "")));
            return verdict.kernels() == Kernels.AUTO ? Optional.empty() : Optional.of(verdict);
        } catch (IOException | IllegalArgumentException e) { // NumberFormatException is one
            log.debug("Ignoring the kernel verdict in {}", file.get(), e);
            return Optional.empty();
        }
    }

    /** Best effort: a folder that cannot be written only means the next process probes again. */
    private void write(List<TorchScript.Conv> convs, Verdict verdict) {
        Optional<Path> file = file(convs);
        if (file.isEmpty()) {
            return;
        }
        Properties kept = new Properties();
        kept.setProperty("kernels", verdict.kernels().name());
        kept.setProperty("difference", Double.toString(verdict.difference()));
        kept.setProperty("machine", machine);
        kept.setProperty("convs", convs.toString());
        try {
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, "kernels-", ".part");
            try {
                try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                    kept.store(out, "The kernel probe's verdict for one net on this machine (Kernels.AUTO); "
                            + "delete to probe again");
                }
                try { // workers starting together may probe at once: each file appears whole
                    Files.move(part, file.get(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, file.get(), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("The kernel verdict was not kept in {}", dir, e);
        }
    }
}
