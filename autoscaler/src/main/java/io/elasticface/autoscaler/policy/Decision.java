package io.elasticface.autoscaler.policy;

import java.util.List;

/**
 * What a policy wants done this tick.
 *
 * @param desired instances that should be running or pending once the decision is carried out
 * @param start   stopped instances to start
 * @param stop    running instances to stop
 * @param reason  why, in words, for the log
 */
public record Decision(int desired, List<String> start, List<String> stop, String reason) {

    public enum Kind { SCALE_OUT, SCALE_IN, HOLD }

    public Decision {
        start = List.copyOf(start);
        stop = List.copyOf(stop);
    }

    public static Decision hold(int desired, String reason) {
        return new Decision(desired, List.of(), List.of(), reason);
    }

    public Kind kind() {
        return !start.isEmpty() ? Kind.SCALE_OUT : !stop.isEmpty() ? Kind.SCALE_IN : Kind.HOLD;
    }
}
