package io.elasticface.autoscaler.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local fleet with real child JVMs running {@link TinyWorker}. */
class LocalProcessFleetTest {

    @TempDir
    Path dataDir;

    private LocalProcessFleet fleet;

    private LocalProcessFleet fleet(Duration bootDelay, Duration stopTimeout, String... extra) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), TinyWorker.class.getName(),
                LocalProcessFleet.ID_PLACEHOLDER));
        command.addAll(List.of(extra));
        fleet = new LocalProcessFleet(2, command, dataDir, bootDelay, stopTimeout);
        return fleet;
    }

    @AfterEach
    void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private InstanceState state(String id) {
        return fleet.list().stream().filter(i -> i.id().equals(id)).map(Instance::state).findFirst().orElseThrow();
    }

    private String log(String id) throws Exception {
        Path file = fleet.logFile(id);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void bootsAfterTheDelayAndStopsGracefullyOnSigterm() throws Exception {
        fleet(Duration.ofMillis(500), Duration.ofSeconds(10));
        assertThat(fleet.list()).extracting(Instance::state).containsOnly(InstanceState.STOPPED);

        fleet.start(List.of("local-1"));
        assertThat(state("local-1")).isEqualTo(InstanceState.PENDING);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("local-1") == InstanceState.RUNNING);
        await().atMost(Duration.ofSeconds(10)).until(() -> log("local-1").contains("started local-1"));
        assertThat(state("local-2")).isEqualTo(InstanceState.STOPPED);

        fleet.stop(List.of("local-1"));
        assertThat(state("local-1")).isEqualTo(InstanceState.STOPPING);
        assertThatThrownBy(() -> fleet.start(List.of("local-1"))).isInstanceOf(InstanceException.WrongState.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("local-1") == InstanceState.STOPPED);
        assertThat(log("local-1")).contains("draining local-1", "drained local-1");
    }

    @Test
    void killsAWorkerThatDoesNotExitWithinTheStopTimeout() throws Exception {
        fleet(Duration.ZERO, Duration.ofMillis(500), "stubborn");
        fleet.start(List.of("local-2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> log("local-2").contains("started local-2"));

        fleet.stop(List.of("local-2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("local-2") == InstanceState.STOPPED);
        assertThat(log("local-2")).contains("draining local-2").doesNotContain("drained local-2");
    }

    @Test
    void aStopWhilePendingCancelsTheLaunch() throws Exception {
        fleet(Duration.ofMillis(300), Duration.ofSeconds(5));
        fleet.start(List.of("local-1"));
        fleet.stop(List.of("local-1"));
        assertThat(state("local-1")).isEqualTo(InstanceState.STOPPED);
        Thread.sleep(600);
        assertThat(state("local-1")).isEqualTo(InstanceState.STOPPED);
        assertThat(log("local-1")).isEmpty();
    }

    @Test
    void unknownIdsAreNotFound() {
        fleet(Duration.ZERO, Duration.ofSeconds(1));
        assertThatThrownBy(() -> fleet.stop(List.of("local-9"))).isInstanceOf(InstanceException.NotFound.class);
    }

    /** Local workers start with the quick JIT; an option of this JVM's comes after it, so a user's choice wins. */
    @Test
    void workersRunTheQuickCompilerUnlessThisJvmSaysOtherwise() {
        List<String> worker = LocalProcessFleet.defaultCommand(List.of("--server.port=0"));
        assertThat(worker.get(1)).isEqualTo(LocalProcessFleet.QUICK_JIT);
        assertThat(worker.subList(worker.size() - 2, worker.size())).containsExactly("worker", "--server.port=0");
        assertThat(worker).contains("-Xmx384m");
        assertThat(LocalProcessFleet.javaCommand("web", "1g", List.of())).doesNotContain(LocalProcessFleet.QUICK_JIT);
    }

    /** One compiler thread on two cores or fewer, unless a JIT option of this JVM's would contradict it. */
    @Test
    void theQuickCompilerRunsOnOneThreadOnSmallMachines() {
        List<String> small = LocalProcessFleet.quickJit(List.of("-Xshare:auto"), 2);
        assertThat(small).containsExactly(LocalProcessFleet.QUICK_JIT, LocalProcessFleet.ONE_COMPILER_THREAD);
        assertThat(LocalProcessFleet.quickJit(List.of(), 4)).containsExactly(LocalProcessFleet.QUICK_JIT);
        for (String own : List.of("-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2", "-XX:-TieredCompilation")) {
            assertThat(LocalProcessFleet.quickJit(List.of(own), 1)).as(own).containsExactly(LocalProcessFleet.QUICK_JIT);
        }
    }

    /** The JVM accepts the small machine's options, and refuses the second beside the tiered JIT a user may ask for. */
    @Test
    void theJvmAcceptsOneCompilerThreadOnlyWithTheQuickCompiler() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> quick = new ArrayList<>(List.of(java));
        quick.addAll(LocalProcessFleet.quickJit(List.of(), 2));
        quick.add("-version");
        assertThat(exitOf(quick)).isZero();
        assertThat(exitOf(List.of(java, LocalProcessFleet.ONE_COMPILER_THREAD, "-XX:TieredStopAtLevel=4", "-version")))
                .isNotZero();
    }

    private static int exitOf(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor();
    }
}
