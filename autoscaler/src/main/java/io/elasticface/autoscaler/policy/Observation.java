package io.elasticface.autoscaler.policy;

import io.elasticface.autoscaler.fleet.InstanceState;
import java.time.Instant;
import java.util.List;

/** Everything a policy decides from: the clock, the queue and the pool. */
public record Observation(Instant now, QueueDepth queue, List<Member> fleet) {

    public Observation {
        fleet = List.copyOf(fleet);
    }

    public List<Member> in(InstanceState state) {
        return fleet.stream().filter(m -> m.state() == state).toList();
    }

    public int count(InstanceState state) {
        return (int) fleet.stream().filter(m -> m.state() == state).count();
    }
}
