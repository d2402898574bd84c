package io.elasticface.autoscaler.simulation;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.InstanceState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntConsumer;

/**
 * A pool of simulated app-tier instances in virtual time, behaving as EC2 does for the calls the
 * autoscaler makes: boot delay in {@code pending}, a {@code stopping} phase that cannot be started, and
 * errors for impossible transitions. Each running instance works like a worker: it takes messages while
 * it has free slots and replies after the inference time.
 */
final class SimulatedFleet implements InstanceProvider {

    private final SimClock clock;
    private final SimulatedQueue queue;
    private final SimulationConfig config;
    private final IntConsumer replies;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private int starts;
    private int stops;
    private int busyStops;
    private double shortestRun = Double.POSITIVE_INFINITY;
    private double billed; // runs ended so far, each at least EC2's minimum

    private static final class Node {
        final String id;
        InstanceState state = InstanceState.STOPPED;
        double until;
        double startedAt;
        int starts;
        final Map<Integer, Double> jobs = new HashMap<>();

        Node(String id) {
            this.id = id;
        }
    }

    SimulatedFleet(SimClock clock, SimulatedQueue queue, SimulationConfig config, IntConsumer replies) {
        this.clock = clock;
        this.queue = queue;
        this.config = config;
        this.replies = replies;
        for (int i = 1; i <= config.max(); i++) {
            String id = "sim-%03d".formatted(i);
            nodes.put(id, new Node(id));
        }
    }

    @Override
    public List<Instance> list() {
        return nodes.values().stream().map(n -> new Instance(n.id, n.state)).toList();
    }

    @Override
    public void start(Collection<String> ids) {
        List<String> wrong = new ArrayList<>();
        for (String id : ids) {
            Node n = node(id);
            switch (n.state) {
                case STOPPED -> {
                    n.state = InstanceState.PENDING;
                    n.until = now() + config.startSeconds();
                    n.startedAt = now();
                    n.starts++;
                    starts++;
                }
                case STOPPING -> wrong.add(id);
                case PENDING, RUNNING -> { }
            }
        }
        if (!wrong.isEmpty()) {
            throw new InstanceException.WrongState("still stopping: " + wrong, wrong, null);
        }
    }

    @Override
    public void stop(Collection<String> ids) {
        List<String> wrong = new ArrayList<>();
        for (String id : ids) {
            Node n = node(id);
            switch (n.state) {
                case RUNNING -> stopRunning(n);
                case PENDING -> wrong.add(id);
                case STOPPING, STOPPED -> { }
            }
        }
        if (!wrong.isEmpty()) {
            throw new InstanceException.WrongState("cannot stop pending: " + wrong, wrong, null);
        }
    }

    private void stopRunning(Node n) {
        stops++;
        shortestRun = Math.min(shortestRun, now() - n.startedAt);
        billed += Math.max(SimulationConfig.MINIMUM_BILLED_SECONDS, now() - n.startedAt);
        n.state = InstanceState.STOPPING;
        double drained = now();
        if (!n.jobs.isEmpty()) {
            busyStops++;
            if (config.gracefulStop()) {
                drained = n.jobs.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            } else {
                // killed mid-request: the message stays in flight until its visibility timeout
                n.jobs.clear();
            }
        }
        n.until = drained + config.stopSeconds();
    }

    /** Applies every transition due at the clock's time: boots, replies, finished stops. */
    void advance() {
        double now = now();
        for (Node n : nodes.values()) {
            if (n.state == InstanceState.PENDING && n.until <= now) {
                n.state = InstanceState.RUNNING;
            }
            var it = n.jobs.entrySet().iterator();
            while (it.hasNext()) {
                var job = it.next();
                if (job.getValue() <= now) {
                    it.remove();
                    queue.delete(job.getKey());
                    replies.accept(job.getKey());
                }
            }
            if (n.state == InstanceState.STOPPING && n.jobs.isEmpty() && n.until <= now) {
                n.state = InstanceState.STOPPED;
            }
        }
    }

    /** Running workers with free slots take visible messages. */
    void dispatch() {
        for (Node n : nodes.values()) {
            while (n.state == InstanceState.RUNNING && n.jobs.size() < config.perInstance() && queue.hasVisible()) {
                OptionalInt request = queue.receive();
                n.jobs.put(request.getAsInt(), now() + config.inferenceSeconds());
            }
        }
    }

    double nextEvent() {
        double next = Double.POSITIVE_INFINITY;
        for (Node n : nodes.values()) {
            if (n.state == InstanceState.PENDING || n.state == InstanceState.STOPPING) {
                next = Math.min(next, n.until);
            }
            for (double finish : n.jobs.values()) {
                next = Math.min(next, finish);
            }
        }
        return next;
    }

    /** Pending or running: what the course grader and the bill count. */
    int active() {
        return (int) nodes.values().stream()
                .filter(n -> n.state == InstanceState.PENDING || n.state == InstanceState.RUNNING).count();
    }

    /** Pending or running without a request in progress (booting counts as idle). */
    int idle() {
        return (int) nodes.values().stream()
                .filter(n -> n.state == InstanceState.PENDING || n.state == InstanceState.RUNNING && n.jobs.isEmpty())
                .count();
    }

    int starts() {
        return starts;
    }

    int stops() {
        return stops;
    }

    int busyStops() {
        return busyStops;
    }

    int maxStartsPerInstance() {
        return nodes.values().stream().mapToInt(n -> n.starts).max().orElse(0);
    }

    /**
     * Instance time as EC2 bills it: each run from its start to its stop, at least a minute (what a stop
     * shorter than that saves is nothing); runs still going are counted up to now.
     */
    double billedSeconds() {
        double open = nodes.values().stream()
                .filter(n -> n.state == InstanceState.PENDING || n.state == InstanceState.RUNNING)
                .mapToDouble(n -> Math.max(SimulationConfig.MINIMUM_BILLED_SECONDS, now() - n.startedAt)).sum();
        return billed + open;
    }

    double shortestRun() {
        return shortestRun;
    }

    private Node node(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new InstanceException.NotFound("no instance " + id, List.of(id), null);
        }
        return n;
    }

    private double now() {
        return clock.seconds();
    }
}
