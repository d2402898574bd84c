package io.elasticface.autoscaler.loop;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.policy.Member;
import io.elasticface.autoscaler.policy.QueueDepth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates when each running instance was last busy. SQS says how many messages are in flight, not
 * who holds them, so each tick the ⌈in-flight / per-instance⌉ instances busy most recently are taken
 * to be the busy ones (a worker that has work tends to keep getting it). The estimate only decides who
 * has waited out the grace; safety does not rest on it, since the policy stops nothing while work is in
 * flight. An instance that just came up counts as busy at that moment, so it gets a full grace.
 */
final class IdleTracker {

    private static final Comparator<Map.Entry<String, Instant>> MOST_RECENTLY_BUSY =
            Map.Entry.<String, Instant>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final Map<String, Instant> lastBusy = new HashMap<>();

    List<Member> observe(Instant now, QueueDepth queue, List<Instance> instances, int perInstance) {
        Map<String, Instant> running = new HashMap<>();
        for (Instance instance : instances) {
            if (instance.state() == InstanceState.RUNNING) {
                running.put(instance.id(), lastBusy.getOrDefault(instance.id(), now));
            }
        }
        // with the in-flight count unknown, any of them may be busy
        int busy = !queue.inFlightKnown() ? running.size()
                : Math.min(running.size(), (queue.inFlight() + perInstance - 1) / perInstance);
        running.entrySet().stream().sorted(MOST_RECENTLY_BUSY).limit(busy).map(Map.Entry::getKey).toList()
                .forEach(id -> running.put(id, now));
        lastBusy.clear();
        lastBusy.putAll(running);

        List<Member> members = new ArrayList<>(instances.size());
        for (Instance instance : instances) {
            members.add(new Member(instance.id(), instance.state(), running.get(instance.id())));
        }
        return members;
    }
}
