package io.elasticface.autoscaler.policy;

import io.elasticface.autoscaler.fleet.InstanceState;
import java.util.Comparator;
import java.util.List;

/**
 * Sizes the fleet to the backlog, KEDA-style: visible + in-flight messages over per-instance
 * concurrency, clamped to [min, max]. A pure function of its input.
 * <ul>
 *   <li>Scale out in one step to what the backlog needs, counting pending instances as capacity on the
 *       way (so it never overshoots), starting only stopped instances (a stopping one cannot start).</li>
 *   <li>Scale in only running instances idle for at least the grace, longest idle first, and only
 *       while nothing is known to be in flight (an answer without the count stops nothing). SQS counts in-flight messages but cannot say which instance holds
 *       them, so with work in flight no stop is provably safe; with none, every instance is idle.
 *       Under load quiet ticks still come often: with Poisson arrivals a tick finds nothing in
 *       flight with probability about e^(-mean in flight). A stop that races a receive is drained
 *       by the worker.</li>
 * </ul>
 */
public record QueuePolicy(ScalingSettings settings) implements ScalingPolicy {

    private static final Comparator<Member> LONGEST_IDLE_FIRST =
            Comparator.comparing(Member::lastBusy, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(Member::id);

    @Override
    public Decision decide(Observation o) {
        QueueDepth q = o.queue();
        int per = settings.perInstance();
        int needed = (q.total() + per - 1) / per;
        int desired = Math.max(settings.min(), Math.min(settings.max(), needed));
        int running = o.count(InstanceState.RUNNING);
        int pending = o.count(InstanceState.PENDING);
        int active = running + pending;
        String state = "queue %d visible + %s in flight needs %d at %d/instance (min %d, max %d); %d running, %d pending"
                .formatted(q.visible(), q.inFlightKnown() ? Integer.toString(q.inFlight()) : "unknown", needed, per,
                        settings.min(), settings.max(), running, pending);

        if (desired > active) {
            return scaleOut(o, desired, active, state);
        }
        if (desired < active) {
            return scaleIn(o, desired, active, state);
        }
        return Decision.hold(desired, state + "; at desired " + desired);
    }

    private Decision scaleOut(Observation o, int desired, int active, String state) {
        int missing = desired - active;
        List<String> start = o.in(InstanceState.STOPPED).stream()
                .map(Member::id).sorted().limit(missing).toList();
        String reason = state + "; starting " + start.size() + " to reach " + desired;
        if (start.size() < missing) {
            int stopping = o.count(InstanceState.STOPPING);
            reason += " (" + (missing - start.size()) + " short: "
                    + (stopping > 0 ? stopping + " still stopping" : "pool exhausted") + ")";
        }
        return start.isEmpty() ? Decision.hold(desired, reason) : new Decision(desired, start, List.of(), reason);
    }

    private Decision scaleIn(Observation o, int desired, int active, String state) {
        int surplus = active - desired;
        if (o.queue().mayHaveWorkInFlight()) {
            return Decision.hold(desired, state + "; " + surplus + " above desired " + desired
                    + ", waiting for nothing in flight to stop any");
        }
        List<Member> idle = o.in(InstanceState.RUNNING).stream()
                .filter(m -> m.idleAt(o.now()).compareTo(settings.grace()) >= 0)
                .sorted(LONGEST_IDLE_FIRST)
                .toList();
        List<String> stop = idle.stream().limit(surplus).map(Member::id).toList();
        if (stop.isEmpty()) {
            return Decision.hold(desired, state + "; " + surplus + " above desired " + desired
                    + ", none idle for " + settings.grace().toSeconds() + " s yet");
        }
        return new Decision(desired, List.of(), stop, state + "; stopping " + stop.size()
                + " idle for >= " + settings.grace().toSeconds() + " s, keeping " + (active - stop.size()));
    }
}
