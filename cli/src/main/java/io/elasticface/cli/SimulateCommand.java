package io.elasticface.cli;

import io.elasticface.autoscaler.simulation.SimulationConfig;
import io.elasticface.autoscaler.simulation.SimulationResult;
import io.elasticface.autoscaler.simulation.Simulator;
import io.elasticface.autoscaler.simulation.TimelineSample;
import io.elasticface.autoscaler.simulation.Trace;
import io.elasticface.cli.plot.FleetPlot;
import io.elasticface.wire.WireCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--policy", defaultValue = "ours",
            description = "ours, naive (the course-project rule), or both to compare them (${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--plot", description = "draw the queue and the instances by state over virtual time into this "
            + "SVG file (one line per policy with --policy both)")
    Path plot;

    @Option(names = "--timeline", description = "write what the loop saw at each tick to this CSV file: policy, "
            + "seconds, visible, in_flight, pending, running, stopping, stopped")
    Path timeline;

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

    @Option(names = "--resume-seconds", defaultValue = "0", description = "start to running when the pool "
            + "hibernates instead of stopping (0: it stops, every start is a boot) (${DEFAULT-VALUE})")
    double resumeSeconds;

    @Option(names = "--grace-sweep", split = ",", description = "run our policy once per idle grace in seconds "
            + "(e.g. 1,5,15,30,60,120) and print one line each: what idle time costs against the cold starts it saves")
    double[] graceSweep;

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
    public Integer call() throws IOException {
        List<SimulationConfig.Policy> chosen = switch (policy.toLowerCase(Locale.ROOT)) {
            case "ours" -> List.of(SimulationConfig.Policy.OURS);
            case "naive" -> List.of(SimulationConfig.Policy.NAIVE);
            case "both" -> List.of(SimulationConfig.Policy.OURS, SimulationConfig.Policy.NAIVE);
            default -> throw new IllegalArgumentException("--policy must be ours, naive or both, not " + policy);
        };
        LoggingSystem.get(getClass().getClassLoader())
                .setLogLevel("io.elasticface.autoscaler", verbose ? LogLevel.INFO : LogLevel.WARN);
        double[] arrivals = workload.requests != null ? new double[workload.requests] : Trace.read(workload.trace);
        List<TimelineSample> samples = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        if (graceSweep != null) {
            sweep(out, arrivals);
            return 0;
        }
        for (SimulationConfig.Policy p : chosen) {
            SimulationConfig config = new SimulationConfig(p, max, perInstance, bootSeconds, inferenceSeconds,
                    pollSeconds, graceSeconds, stopSeconds, visibilitySeconds, horizonSeconds, resumeSeconds);
            long began = System.nanoTime();
            SimulationResult r = Simulator.run(config, arrivals, samples::add);
            print(out, r, (System.nanoTime() - began) / 1e9);
        }
        if (timeline != null) {
            FleetPlot.writeCsv(timeline, samples);
        }
        if (plot != null) {
            String title = (workload.requests != null ? workload.requests + " requests at once"
                    : arrivals.length + " requests from " + workload.trace.getFileName())
                    + String.format(Locale.ROOT, ", max %d, boot %.0f s", max, bootSeconds);
            FleetPlot.writeSvg(plot, samples, title);
        }
        out.flush();
        return 0;
    }

    /**
     * One run of our policy per grace: a longer grace keeps idle instances (billed, each start at least a
     * minute on EC2) to spare the requests that would wait for a start after a pause.
     */
    private void sweep(PrintWriter out, double[] arrivals) {
        out.printf(Locale.ROOT, "%d requests, start %.1f s (%s), max %d%n", arrivals.length,
                resumeSeconds > 0 ? resumeSeconds : bootSeconds, resumeSeconds > 0 ? "resume" : "boot", max);
        out.printf(Locale.ROOT, "%8s %7s %12s %12s %7s %17s %9s %9s %10s%n", "grace s", "starts", "instance s",
                "billed s", "idle %", "waited for start", "mean s", "p99 s", "scale-in s");
        for (double grace : graceSweep) {
            SimulationConfig config = new SimulationConfig(SimulationConfig.Policy.OURS, max, perInstance,
                    bootSeconds, inferenceSeconds, pollSeconds, grace, stopSeconds, visibilitySeconds,
                    horizonSeconds, resumeSeconds);
            SimulationResult r = Simulator.run(config, arrivals);
            out.printf(Locale.ROOT, "%8.0f %7d %12.0f %12.0f %7.1f %17d %9.2f %9.2f %10s%n", grace, r.starts(),
                    r.instanceSeconds(), r.billedSeconds(), 100 * r.idleShare(), r.waitedForStart(),
                    r.meanLatencySeconds(), r.p99LatencySeconds(),
                    r.scaleInSeconds() == null ? "never" : String.format(Locale.ROOT, "%.1f", r.scaleInSeconds()));
        }
        out.flush();
    }

    private void print(PrintWriter out, SimulationResult r, double wall) {
        if (json) {
            out.println(WireCodec.toJson(r));
            return;
        }
        out.printf(Locale.ROOT, "policy %s: %d requests, %d lost, %d redelivered%n",
                r.policy(), r.requests(), r.lostRequests(), r.redeliveredRequests());
        out.printf(Locale.ROOT, "peak %d instances (reached %.1f s after the first arrival)%n",
                r.peakInstances(), r.peakReachedSeconds());
        out.printf(Locale.ROOT, "total %.2f s, average latency %.3f s (total / N), mean %.2f s, p99 %.2f s%n",
                r.totalSeconds(), r.averageLatencySeconds(), r.meanLatencySeconds(), r.p99LatencySeconds());
        out.printf(Locale.ROOT, "instance time %.0f s (billed %.0f s: each start at least 60 s), idle %.0f s "
                + "(%.1f%%), %d requests waited for a start, scale-in %s%n",
                r.instanceSeconds(), r.billedSeconds(), r.idleInstanceSeconds(), 100 * r.idleShare(),
                r.waitedForStart(),
                r.scaleInSeconds() == null ? "never" : String.format(Locale.ROOT, "%.2f s", r.scaleInSeconds()));
        out.printf(Locale.ROOT, "%d starts, %d stops (%d of busy instances), at most %d starts per instance%n",
                r.starts(), r.stops(), r.busyStops(), r.maxStartsPerInstance());
        out.printf(Locale.ROOT, "simulated %.0f s in %.3f s of wall time (%d ticks)%n",
                r.simulatedSeconds(), wall, r.ticks());
    }
}
