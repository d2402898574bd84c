package io.elasticface.autoscaler.simulation;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.loop.ControlLoop;
import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.policy.QueuePolicy;
import io.elasticface.autoscaler.policy.ScalingPolicy;
import io.elasticface.autoscaler.policy.ScalingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the real {@link ControlLoop} and policy against a simulated queue and pool, jumping the virtual
 * clock from one event to the next (arrival, boot, reply, stop, visibility expiry, loop tick). At equal
 * times the world moves first and the loop ticks last, seeing what a real poll would see.
 * The burst lands just after a tick, the worst phase for the loop.
 */
public final class Simulator {

    private final SimulationConfig config;
    private final double[] arrivals;
    private final double[] replies;
    private final SimClock clock = new SimClock();
    private final SimulatedQueue queue;
    private final SimulatedFleet fleet;
    private final ControlLoop loop;
    private int answered;
    private double lastReply = Double.NaN;
    private Consumer<TimelineSample> timeline = sample -> { };

    private Simulator(SimulationConfig config, double[] arrivals) {
        this.config = config;
        this.arrivals = arrivals.clone();
        Arrays.sort(this.arrivals);
        this.replies = new double[arrivals.length];
        Arrays.fill(replies, Double.NaN);
        this.queue = new SimulatedQueue(clock, config.visibilitySeconds());
        this.fleet = new SimulatedFleet(clock, queue, config, this::replied);
        ScalingPolicy policy = config.policy() == SimulationConfig.Policy.NAIVE ? new NaivePolicy()
                : new QueuePolicy(new ScalingSettings(0, config.max(), config.perInstance(),
                        Duration.ofNanos(Math.round(config.graceSeconds() * 1e9))));
        this.loop = new ControlLoop(queue, fleet, policy, config.perInstance(), clock, new SimpleMeterRegistry());
    }

    /** Simulates requests arriving at the given times (seconds from 0). */
    public static SimulationResult run(SimulationConfig config, double[] arrivals) {
        return run(config, arrivals, sample -> { });
    }

    /** As {@link #run(SimulationConfig, double[])}, handing {@code timeline} what the loop saw at each tick. */
    public static SimulationResult run(SimulationConfig config, double[] arrivals, Consumer<TimelineSample> timeline) {
        if (arrivals.length == 0) {
            throw new IllegalArgumentException("no requests to simulate");
        }
        Simulator simulator = new Simulator(config, arrivals);
        simulator.timeline = timeline;
        return simulator.run();
    }

    /** A burst of {@code n} requests at t = 0, like the course's workload generator. */
    public static SimulationResult burst(SimulationConfig config, int n) {
        return run(config, new double[n]);
    }

    private void replied(int request) {
        if (Double.isNaN(replies[request])) {
            replies[request] = clock.seconds();
            answered++;
            lastReply = clock.seconds();
        }
    }

    private SimulationResult run() {
        int n = arrivals.length;
        double end = arrivals[n - 1] + config.horizonSeconds();
        int next = 0;
        long ticks = 0;
        int peak = 0;
        double peakAt = 0;
        double instanceSeconds = 0;
        double idleSeconds = 0;
        double zeroSince = 0;
        while (true) {
            double tick = (ticks + 1) * config.loopSeconds();
            double t = Math.min(Math.min(tick, next < n ? arrivals[next] : Double.POSITIVE_INFINITY),
                    Math.min(fleet.nextEvent(), queue.nextExpiry()));
            if (t > end) {
                break;
            }
            double dt = t - clock.seconds();
            instanceSeconds += dt * fleet.active();
            idleSeconds += dt * fleet.idle();
            clock.advanceTo(t);

            fleet.advance();
            queue.expire();
            while (next < n && arrivals[next] <= t) {
                queue.send(next++);
            }
            fleet.dispatch();
            if (tick <= t) {
                loop.tick();
                ticks++;
                sample(t);
            }

            int active = fleet.active();
            if (active > peak) {
                peak = active;
                peakAt = t;
            }
            if (active > 0) {
                zeroSince = Double.NaN;
            } else if (Double.isNaN(zeroSince)) {
                zeroSince = t;
            }
            if (next == n && answered == n && active == 0) {
                break;
            }
        }
        return result(ticks, peak, peakAt, instanceSeconds, idleSeconds, zeroSince);
    }

    private void sample(double t) {
        QueueDepth depth = queue.read();
        Map<InstanceState, Long> states = fleet.list().stream()
                .collect(Collectors.groupingBy(Instance::state, () -> new EnumMap<>(InstanceState.class),
                        Collectors.counting()));
        timeline.accept(new TimelineSample(config.policy().name().toLowerCase(Locale.ROOT), round(t), depth.visible(),
                depth.inFlight(), count(states, InstanceState.PENDING), count(states, InstanceState.RUNNING),
                count(states, InstanceState.STOPPING), count(states, InstanceState.STOPPED)));
    }

    private static int count(Map<InstanceState, Long> states, InstanceState state) {
        return states.getOrDefault(state, 0L).intValue();
    }

    private SimulationResult result(long ticks, int peak, double peakAt, double instanceSeconds, double idleSeconds,
                                    double zeroSince) {
        int n = arrivals.length;
        double first = arrivals[0];
        double[] latencies = new double[answered];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(replies[i])) {
                latencies[k++] = replies[i] - arrivals[i];
            }
        }
        Arrays.sort(latencies);
        int waited = (int) Arrays.stream(latencies).filter(l -> l >= config.startSeconds()).count();
        double total = answered == 0 ? Double.NaN : lastReply - first;
        double p99 = answered == 0 ? Double.NaN : latencies[Math.max(0, (int) Math.ceil(0.99 * answered) - 1)];
        double mean = Arrays.stream(latencies).average().orElse(Double.NaN);
        Double scaleIn = Double.isNaN(zeroSince) || answered == 0 ? null : round(zeroSince - lastReply);
        Double shortestRun = Double.isInfinite(fleet.shortestRun()) ? null : round(fleet.shortestRun());
        return new SimulationResult(config.policy().name().toLowerCase(Locale.ROOT), n, n - answered, peak,
                round(peakAt - first), round(total), round(total / n), round(mean), round(p99),
                round(instanceSeconds), round(idleSeconds),
                instanceSeconds == 0 ? 0 : round(idleSeconds / instanceSeconds), round(fleet.billedSeconds()), waited,
                scaleIn, fleet.starts(),
                fleet.stops(), fleet.busyStops(), queue.redelivered(), fleet.maxStartsPerInstance(), shortestRun,
                round(clock.seconds()), ticks);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
