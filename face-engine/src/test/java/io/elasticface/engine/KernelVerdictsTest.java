package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import io.elasticface.engine.mtcnn.MtcnnNets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel probe's verdicts kept on disk: a later process on the same machine uses them instead of probing,
 * and one on another machine, or one meeting a damaged file, probes again.
 */
class KernelVerdictsTest {

    private static final String CPUINFO = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model\t\t: 2
            model name\t: AMD EPYC 9R45
            stepping\t: 1
            cpu MHz\t\t: 2600.000
            flags\t\t: fpu sse2 avx2 avx512f

            processor\t: 1
            vendor_id\t: AuthenticAMD
            cpu MHz\t\t: 3100.000
            """;
    private static final String MACHINE = KernelVerdicts.machine("2.7.1", "amd64", CPUINFO, Map.of());
    private static final List<TorchScript.Conv> CONVS = List.of(new TorchScript.Conv(3, 12, 10, 3, 1, 0),
            new TorchScript.Conv(10, 5, 16, 3, 1, 0));

    @TempDir
    Path dir;

    private final AtomicInteger probes = new AtomicInteger();

    private ToDoubleFunction<List<TorchScript.Conv>> probe(double difference) {
        return convs -> {
            probes.incrementAndGet();
            return difference;
        };
    }

    private static ToDoubleFunction<List<TorchScript.Conv>> noProbe() {
        return convs -> {
            throw new AssertionError("probed although a verdict was kept");
        };
    }

    @Test
    void aLaterProcessOnTheSameMachineUsesTheVerdictInsteadOfProbing() {
        KernelVerdicts.Verdict first = new KernelVerdicts(dir, MACHINE).resolve(CONVS, probe(0.48));

        assertThat(first).isEqualTo(new KernelVerdicts.Verdict(Kernels.PORTABLE, 0.48));
        assertThat(probes).hasValue(1);
        assertThat(new KernelVerdicts(dir, MACHINE).resolve(CONVS, noProbe())).isEqualTo(first);
        assertThat(new KernelVerdicts(dir, MACHINE).resolve(CONVS, noProbe()).kernels()).isEqualTo(Kernels.PORTABLE);
    }

    @Test
    void oneProcessProbesEachNetOnce() {
        KernelVerdicts verdicts = new KernelVerdicts(null, MACHINE); // nothing on disk

        assertThat(verdicts.resolve(CONVS, probe(2e-6)).kernels()).isEqualTo(Kernels.FUSED);
        assertThat(verdicts.resolve(CONVS, probe(2e-6)).kernels()).isEqualTo(Kernels.FUSED);
        assertThat(verdicts.resolve(CONVS.subList(0, 1), probe(Double.POSITIVE_INFINITY)).kernels())
                .isEqualTo(Kernels.PORTABLE);
        assertThat(probes).hasValue(2);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anotherCpuAnotherLibtorchOrAnInstructionSetLimitProbesAgain() {
        new KernelVerdicts(dir, MACHINE).resolve(CONVS, probe(2e-6));
        List<String> others = List.of(
                KernelVerdicts.machine("2.7.1", "amd64", CPUINFO.replace(" avx512f", ""), Map.of()),
                KernelVerdicts.machine("2.7.1", "amd64", CPUINFO.replace("9R45", "9R14"), Map.of()),
                KernelVerdicts.machine("2.8.0", "amd64", CPUINFO, Map.of()),
                KernelVerdicts.machine("2.7.1", "amd64", CPUINFO, Map.of("ONEDNN_MAX_CPU_ISA", "AVX2")),
                KernelVerdicts.machine("2.7.1", "amd64", CPUINFO, Map.of("ATEN_CPU_CAPABILITY", "avx2")));
        for (String other : others) {
            assertThat(new KernelVerdicts(dir, other).resolve(CONVS, probe(0.48)).kernels())
                    .isEqualTo(Kernels.PORTABLE);
        }
        assertThat(probes).hasValue(1 + others.size());
        // and each kept its own: the first machine's verdict still holds for it
        assertThat(new KernelVerdicts(dir, MACHINE).resolve(CONVS, noProbe()).kernels()).isEqualTo(Kernels.FUSED);
    }

    @Test
    void theMachineIsTheFirstCpusIdentityNotItsClockAndOnlyTheInstructionSetVariables() {
        assertThat(MACHINE).contains("libtorch 2.7.1", "cpu model name: AMD EPYC 9R45", "cpu flags: fpu sse2 avx2 avx512f",
                "probe " + KernelVerdicts.PROBE).doesNotContain("MHz", "3100");
        assertThat(KernelVerdicts.machine("2.7.1", "amd64", CPUINFO.replace("2600.000", "2900.000"),
                Map.of("HOME", "/root", "PATH", "/usr/bin"))).isEqualTo(MACHINE);
    }

    @Test
    void aDamagedOrForeignFileIsProbedAgainAndReplaced() throws Exception {
        KernelVerdicts verdicts = new KernelVerdicts(dir, MACHINE);
        Path file = verdicts.file(CONVS).orElseThrow();
        Files.writeString(file, "kernels=FUSED\ndifference=not a number\n");
        assertThat(new KernelVerdicts(dir, MACHINE).resolve(CONVS, probe(0.48)).kernels()).isEqualTo(Kernels.PORTABLE);

        String written = Files.readString(file);
        Files.writeString(file, written.replace("PORTABLE", "FUSED").replace("machine=libtorch 2.7.1",
                "machine=libtorch 9.9.9")); // the same name, another machine's content
        assertThat(new KernelVerdicts(dir, MACHINE).resolve(CONVS, probe(0.48)).kernels()).isEqualTo(Kernels.PORTABLE);
        assertThat(probes).hasValue(2);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left
        }
    }

    @Test
    void aFolderThatCannotBeWrittenOnlyMeansProbingAgain() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        assertThat(new KernelVerdicts(notAFolder, MACHINE).resolve(CONVS, probe(2e-6)).kernels())
                .isEqualTo(Kernels.FUSED);
        assertThat(new KernelVerdicts(notAFolder, MACHINE).resolve(CONVS, probe(2e-6)).kernels())
                .isEqualTo(Kernels.FUSED);
        assertThat(probes).hasValue(2);
    }

    @Test
    void aProbeThatFailsKeepsNothing() {
        KernelVerdicts verdicts = new KernelVerdicts(dir, MACHINE);
        assertThatThrownBy(() -> verdicts.resolve(CONVS, convs -> {
            throw new IllegalStateException("libtorch went away");
        })).hasMessageContaining("went away");
        assertThat(dir).isEmptyDirectory();
    }

    /** The real store, with this libtorch on this CPU: AUTO's answer for the detector is kept under DJL's cache. */
    @Test
    void thisMachinesVerdictForTheDetectorIsKeptUnderDjlsCache() {
        try (NDManager manager = Torch.newManager()) {
            Kernels kernels = Kernels.AUTO.resolve(manager, MtcnnNets.PACKED_CONVS);
            KernelVerdicts store = KernelVerdicts.forThisMachine();
            Path file = store.file(MtcnnNets.PACKED_CONVS).orElseThrow();

            assertThat(file).startsWith(Utils.getCacheDir()).isRegularFile();
            assertThat(store.resolve(MtcnnNets.PACKED_CONVS, noProbe()).kernels()).isEqualTo(kernels);
        }
    }
}
