package io.elasticface.autoscaler.policy;

import io.elasticface.autoscaler.fleet.InstanceState;
import java.time.Duration;
import java.time.Instant;

/**
 * One pool instance as the policy sees it.
 *
 * @param lastBusy for a running instance, the last time it was (or may have been) working; null otherwise
 */
public record Member(String id, InstanceState state, Instant lastBusy) {

    public static Member of(String id, InstanceState state) {
        return new Member(id, state, null);
    }

    public static Member running(String id, Instant lastBusy) {
        return new Member(id, InstanceState.RUNNING, lastBusy);
    }

    /** How long a running instance has been idle at {@code now}; zero if unknown or not running. */
    public Duration idleAt(Instant now) {
        if (state != InstanceState.RUNNING || lastBusy == null || lastBusy.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(lastBusy, now);
    }
}
