package io.elasticface.autoscaler.simulation;

import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.policy.Decision;
import io.elasticface.autoscaler.policy.Member;
import io.elasticface.autoscaler.policy.Observation;
import io.elasticface.autoscaler.policy.ScalingPolicy;
import java.util.List;

/**
 * The rule typical course projects use, kept only as the simulator's baseline: start
 * {@code visible − running} stopped instances (ignoring in-flight messages and pending instances),
 * and stop every running instance after two polls with no visible message, busy or not.
 */
final class NaivePolicy implements ScalingPolicy {

    private int emptyPolls;

    @Override
    public Decision decide(Observation o) {
        int visible = o.queue().visible();
        int running = o.count(InstanceState.RUNNING);
        if (visible == 0) {
            emptyPolls++;
            if (emptyPolls >= 2) {
                List<String> stop = o.in(InstanceState.RUNNING).stream().map(Member::id).toList();
                return new Decision(0, List.of(), stop, "naive: " + emptyPolls + " empty polls, stop all running");
            }
            return Decision.hold(running, "naive: empty poll " + emptyPolls);
        }
        emptyPolls = 0;
        List<String> start = o.in(InstanceState.STOPPED).stream()
                .map(Member::id).sorted().limit(Math.max(0, visible - running)).toList();
        return new Decision(running + start.size(), start, List.of(),
                "naive: " + visible + " visible - " + running + " running");
    }
}
