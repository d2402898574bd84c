package io.elasticface.autoscaler.fleet.local;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.InstanceState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool whose instances are worker processes on this machine ({@code local-1} … {@code local-N}).
 * Start launches the command after an optional boot delay (the instance is {@code pending} meanwhile,
 * as an EC2 instance is while it boots); stop sends SIGTERM so the worker drains, reports
 * {@code stopping} until the process exits, and kills it if it has not exited within the stop timeout.
 * Each process appends its output to {@code <dataDir>/<id>.log}.
 */
public final class LocalProcessFleet implements InstanceProvider, AutoCloseable {

    /** Replaced by the instance id in every argument of the command. */
    public static final String ID_PLACEHOLDER = "{id}";

    private static final Logger log = LoggerFactory.getLogger(LocalProcessFleet.class);

    private final List<String> command;
    private boolean closed;
    private final Path dataDir;
    private final Duration bootDelay;
    private final Duration stopTimeout;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final Optional<StartupArchive> archive;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-fleet");
        t.setDaemon(true);
        return t;
    });

    private static final class Slot {
        ScheduledFuture<?> launch;
        Process process;
        boolean stopping;
    }

    public LocalProcessFleet(int size, List<String> command, Path dataDir, Duration bootDelay, Duration stopTimeout) {
        this(IntStream.rangeClosed(1, size).mapToObj(i -> "local-" + i).toList(),
                command, dataDir, bootDelay, stopTimeout);
    }

    /** A fleet whose instances have the given ids (an emulated EC2 pool's instance ids, for the instance agent). */
    public LocalProcessFleet(List<String> ids, List<String> command, Path dataDir, Duration bootDelay,
                             Duration stopTimeout) {
        if (ids.isEmpty() || command.isEmpty()) {
            throw new IllegalArgumentException("need at least one instance and a command");
        }
        this.command = List.copyOf(command);
        this.dataDir = dataDir;
        this.bootDelay = bootDelay;
        this.stopTimeout = stopTimeout;
        ids.forEach(id -> slots.put(id, new Slot()));
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        this.archive = StartupArchive.forCommand(this.command, dataDir);
    }

    /**
     * The JIT for local workers: the quick compiler alone. A local worker starts often (from zero, after each idle
     * grace) and serves short bursts, and C1 alone starts it about a second sooner and runs its first 500 photos
     * at 75-97% of its warm rate (tiered: 61-80%), for a warm cost of 0-6% per photo (BENCHMARKS.md, "The quick
     * compiler for EC2's workers"; EC2's unit runs it too). An option of this JVM's comes later and wins.
     */
    static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

    /**
     * The quick JIT's compiles on one thread, on a machine of two cores or fewer: the JVM gives it two there, and
     * the second competes with Spring and the engine's load for the whole start. A worker then polled in 2.44-2.59 s
     * against 2.79-3.39 s with two (BENCHMARKS.md, "One compiler thread"). The JVM refuses it beside the tiered
     * JIT, so a JIT option of this JVM's (which comes later and wins) drops it.
     */
    static final String ONE_COMPILER_THREAD = "-XX:CICompilerCount=1";

    /**
     * This program again, as a worker, with the quick JIT, this JVM's options (agents aside) and a 384 MB heap:
     * {@code <java> <options> -jar <jar> worker <args>} when run from the packaged jar, else
     * {@code <java> <options> -cp <classpath> io.elasticface.cli.ElasticFace worker <args>}.
     */
    public static List<String> defaultCommand(List<String> workerArgs) {
        return javaCommand(quickJit(inheritedOptions(), Runtime.getRuntime().availableProcessors()), "worker", "384m",
                workerArgs);
    }

    /** The JIT options a local worker starts with, before the given options of this JVM's. */
    static List<String> quickJit(List<String> inherited, int cpus) {
        boolean ownJit = inherited.stream().anyMatch(option -> option.startsWith("-XX:TieredStopAtLevel=")
                || option.startsWith("-XX:CICompilerCount=") || option.endsWith("TieredCompilation"));
        return cpus <= 2 && !ownJit ? List.of(QUICK_JIT, ONE_COMPILER_THREAD) : List.of(QUICK_JIT);
    }

    /**
     * This program again, running one of its subcommands ({@code worker}, {@code web}, ...) with this JVM's
     * options (agents aside) and the given maximum heap.
     */
    public static List<String> javaCommand(String subcommand, String maxHeap, List<String> args) {
        return javaCommand(List.of(), subcommand, maxHeap, args);
    }

    private static List<String> javaCommand(List<String> defaults, String subcommand, String maxHeap,
                                            List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(defaults);
        cmd.addAll(inheritedOptions());
        // last wins: a worker with its model loaded stays under 1 GB resident with 384m
        cmd.add("-Xmx" + maxHeap);
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            cmd.addAll(List.of("-jar", classPath));
        } else {
            cmd.addAll(List.of("-cp", classPath, "io.elasticface.cli.ElasticFace"));
        }
        cmd.add(subcommand);
        cmd.addAll(args);
        return cmd;
    }

    /** This JVM's options, agents aside (a profiler or debugger attached to this process is not the worker's). */
    private static List<String> inheritedOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-agentlib") && !option.startsWith("-agentpath")
                        && !option.startsWith("-javaagent"))
                .toList();
    }

    @Override
    public synchronized List<Instance> list() {
        List<Instance> instances = new ArrayList<>(slots.size());
        slots.forEach((id, slot) -> instances.add(new Instance(id, state(id, slot))));
        return instances;
    }

    private InstanceState state(String id, Slot slot) {
        if (slot.launch != null) {
            return InstanceState.PENDING;
        }
        if (slot.process == null) {
            return InstanceState.STOPPED;
        }
        if (!slot.process.isAlive()) {
            if (!slot.stopping) {
                log.warn("{} exited by itself with status {}; see {}", id, slot.process.exitValue(), logFile(id));
            }
            slot.process = null;
            slot.stopping = false;
            archive.ifPresent(a -> a.exited(id));
            return InstanceState.STOPPED;
        }
        return slot.stopping ? InstanceState.STOPPING : InstanceState.RUNNING;
    }

    @Override
    public synchronized void start(Collection<String> ids) {
        if (closed) {
            return; // shutting down: a late tick must not leave a worker behind
        }
        List<String> stopping = new ArrayList<>();
        for (String id : ids) {
            Slot slot = slot(id);
            switch (state(id, slot)) {
                case STOPPED -> slot.launch = timer.schedule(() -> launch(id), bootDelay.toMillis(), TimeUnit.MILLISECONDS);
                case STOPPING -> stopping.add(id);
                case PENDING, RUNNING -> { }
            }
        }
        if (!stopping.isEmpty()) {
            throw new InstanceException.WrongState("still stopping: " + stopping, stopping, null);
        }
    }

    private synchronized void launch(String id) {
        Slot slot = slots.get(id);
        if (slot.launch == null || closed) {
            return; // stopped while pending, or shutting down
        }
        slot.launch = null;
        List<String> own = command.stream().map(arg -> arg.replace(ID_PLACEHOLDER, id)).toList();
        List<String> cmd = archive.map(a -> a.command(own, id)).orElse(own);
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(id).toFile()));
            builder.environment().put("ELASTICFACE_INSTANCE_ID", id);
            // glibc's per-thread arenas otherwise add hundreds of MB next to libtorch
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            // a worker whose autoscaler died without stopping it (SIGKILL, crash) stops by itself
            builder.environment().put("ELASTICFACE_WORKER_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
            slot.process = builder.start();
            log.info("{} started as pid {}: {}", id, slot.process.pid(), cmd);
        } catch (IOException e) {
            // stays stopped; the loop will try again on a later tick
            log.error("{} failed to start {}: {}", id, cmd, e.getMessage());
        }
    }

    @Override
    public synchronized void stop(Collection<String> ids) {
        for (String id : ids) {
            Slot slot = slot(id);
            switch (state(id, slot)) {
                case PENDING -> {
                    slot.launch.cancel(false);
                    slot.launch = null;
                }
                case RUNNING -> terminate(id, slot);
                case STOPPING, STOPPED -> { }
            }
        }
    }

    private void terminate(String id, Slot slot) {
        Process process = slot.process;
        slot.stopping = true;
        process.destroy();
        log.info("{} (pid {}) sent SIGTERM", id, process.pid());
        timer.schedule(() -> {
            if (process.isAlive()) {
                log.warn("{} (pid {}) still running {} after SIGTERM; killing it", id, process.pid(), stopTimeout);
                process.destroyForcibly();
            }
        }, stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops every worker and waits (bounded) until they have exited. */
    @Override
    public void close() {
        List<Process> running;
        synchronized (this) {
            closed = true;
            stop(slots.keySet());
            running = slots.values().stream().filter(s -> s.process != null).map(s -> s.process).toList();
        }
        for (Process process : running) {
            try {
                if (!process.waitFor(stopTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        synchronized (this) {
            slots.forEach((id, slot) -> state(id, slot)); // notes the exits, keeping an archive written at one
        }
        timer.shutdownNow();
    }

    public Path logFile(String id) {
        return dataDir.resolve(id + ".log");
    }

    private Slot slot(String id) {
        Slot slot = slots.get(id);
        if (slot == null) {
            throw new InstanceException.NotFound("no local instance " + id, List.of(id), null);
        }
        return slot;
    }
}
