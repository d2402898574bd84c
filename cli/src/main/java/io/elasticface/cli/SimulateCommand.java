package io.elasticface.cli;

import io.elasticface.autoscaler.simulation.SimulationConfig;
import io.elasticface.autoscaler.simulation.SimulationResult;
import io.elasticface.autoscaler.simulation.Simulator;
import io.elasticface.autoscaler.simulation.Trace;
import io.elasticface.wire.WireCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code elasticface simulate}: the real autoscaler against a simulated queue and pool, in virtual time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the autoscaler's policy and control loop against a simulated queue and instance pool "
                + "on a virtual clock, and report latency, cost and scale-in.")
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Workload {
        @Option(names = "--requests", description = "a burst of N requests at t = 0, like the course's generator")
        Integer requests;

        @Option(names = "--trace", description = "arrival times in seconds, one per line ('#' comments allowed)")
        Path trace;
    }

    @ArgGroup(multiplicity = "1")
    Workload workload;

    @Option(names = "--policy", defaultValue = "ours", description = "ours or naive (the course-project rule)")
    String policy;

    @Option(names = "--max", defaultValue = "15", description = "pool size and maximum instances (${DEFAULT-VALUE})")
    int max;

    @Option(names = "--per-instance", defaultValue = "1", description = "requests per instance at once (${DEFAULT-VALUE})")
    int perInstance;

    @Option(names = "--boot-seconds", defaultValue = "20", description = "start to running (${DEFAULT-VALUE})")
    double bootSeconds;

    @Option(names = "--inference-seconds", defaultValue = "0.5", description = "work per request (${DEFAULT-VALUE})")
    double inferenceSeconds;

    @Option(names = "--poll-seconds", defaultValue = "1", description = "our loop's interval (${DEFAULT-VALUE}); naive polls every 2.5 s")
    double pollSeconds;

    @Option(names = "--grace-seconds", defaultValue = "1", description = "idle time before a stop (${DEFAULT-VALUE})")
    double graceSeconds;

    @Option(names = "--stop-seconds", defaultValue = "10", description = "stopping to stopped (${DEFAULT-VALUE})")
    double stopSeconds;

    @Option(names = "--visibility-seconds", defaultValue = "30", description = "SQS visibility timeout (${DEFAULT-VALUE})")
    double visibilitySeconds;

    @Option(names = "--horizon-seconds", defaultValue = "3600", description = "give up this long after the last arrival (${DEFAULT-VALUE})")
    double horizonSeconds;

    @Option(names = "--json", description = "print one JSON object instead of the summary")
    boolean json;

    @Option(names = "--verbose", description = "log every scaling decision")
    boolean verbose;

    @Override
    public Integer call() {
        SimulationConfig.Policy chosen = switch (policy.toLowerCase(Locale.ROOT)) {
            case "ours" -> SimulationConfig.Policy.OURS;
            case "naive" -> SimulationConfig.Policy.NAIVE;
            default -> throw new IllegalArgumentException("--policy must be ours or naive, not " + policy);
        };
        SimulationConfig config = new SimulationConfig(chosen, max, perInstance, bootSeconds, inferenceSeconds,
                pollSeconds, graceSeconds, stopSeconds, visibilitySeconds, horizonSeconds);
        LoggingSystem.get(getClass().getClassLoader())
                .setLogLevel("io.elasticface.autoscaler", verbose ? LogLevel.INFO : LogLevel.WARN);

        long began = System.nanoTime();
        SimulationResult r = workload.requests != null
                ? Simulator.burst(config, workload.requests)
                : Simulator.run(config, Trace.read(workload.trace));
        double wall = (System.nanoTime() - began) / 1e9;

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(WireCodec.toJson(r));
        } else {
            out.printf(Locale.ROOT, "policy %s: %d requests, %d lost, %d redelivered%n",
                    r.policy(), r.requests(), r.lostRequests(), r.redeliveredRequests());
            out.printf(Locale.ROOT, "peak %d instances (reached %.1f s after the first arrival)%n",
                    r.peakInstances(), r.peakReachedSeconds());
            out.printf(Locale.ROOT, "total %.2f s, average latency %.3f s (total / N), mean %.2f s, p99 %.2f s%n",
                    r.totalSeconds(), r.averageLatencySeconds(), r.meanLatencySeconds(), r.p99LatencySeconds());
            out.printf(Locale.ROOT, "instance time %.0f s, idle %.0f s (%.1f%%), scale-in %s%n",
                    r.instanceSeconds(), r.idleInstanceSeconds(), 100 * r.idleShare(),
                    r.scaleInSeconds() == null ? "never" : String.format(Locale.ROOT, "%.2f s", r.scaleInSeconds()));
            out.printf(Locale.ROOT, "%d starts, %d stops (%d of busy instances), at most %d starts per instance%n",
                    r.starts(), r.stops(), r.busyStops(), r.maxStartsPerInstance());
            out.printf(Locale.ROOT, "simulated %.0f s in %.3f s of wall time (%d ticks)%n",
                    r.simulatedSeconds(), wall, r.ticks());
        }
        out.flush();
        return 0;
    }
}
