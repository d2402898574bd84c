package io.elasticface.autoscaler.simulation;

import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.queue.QueueSignal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An SQS queue in virtual time: a received message stays invisible for the visibility timeout and
 * comes back if nobody deletes it by then (a worker killed mid-request).
 */
final class SimulatedQueue implements QueueSignal {

    private final SimClock clock;
    private final double visibilityTimeout;
    private final Deque<Integer> visible = new ArrayDeque<>();
    private final Map<Integer, Double> invisibleUntil = new HashMap<>();
    private int redelivered;

    SimulatedQueue(SimClock clock, double visibilityTimeout) {
        this.clock = clock;
        this.visibilityTimeout = visibilityTimeout;
    }

    void send(int request) {
        visible.addLast(request);
    }

    OptionalInt receive() {
        Integer request = visible.pollFirst();
        if (request == null) {
            return OptionalInt.empty();
        }
        invisibleUntil.put(request, clock.seconds() + visibilityTimeout);
        return OptionalInt.of(request);
    }

    void delete(int request) {
        invisibleUntil.remove(request);
    }

    /** Makes messages whose visibility timeout has passed visible again. */
    void expire() {
        var it = invisibleUntil.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue() <= clock.seconds()) {
                it.remove();
                visible.addLast(e.getKey());
                redelivered++;
            }
        }
    }

    double nextExpiry() {
        return invisibleUntil.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
    }

    int redelivered() {
        return redelivered;
    }

    boolean hasVisible() {
        return !visible.isEmpty();
    }

    @Override
    public QueueDepth read() {
        return new QueueDepth(visible.size(), invisibleUntil.size());
    }
}
