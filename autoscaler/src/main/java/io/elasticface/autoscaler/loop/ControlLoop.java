package io.elasticface.autoscaler.loop;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.policy.Decision;
import io.elasticface.autoscaler.policy.Member;
import io.elasticface.autoscaler.policy.Observation;
import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.policy.ScalingPolicy;
import io.elasticface.autoscaler.queue.QueueSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the autoscaler: read the queue, list the pool, decide, actuate. Whoever owns the
 * schedule calls {@link #tick()} (a timer in the service, the virtual clock in the simulator). A tick
 * never throws: every failure is logged and counted, and the next tick starts from a fresh listing.
 */
public final class ControlLoop {

    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);
    /**
     * The parts of an AWS SDK error message that differ on every call ("... (Service: Sqs, Status Code: 403,
     * Request ID: 7c1e...)"): left out of a failure's identity, or one refusal would look new every tick.
     */
    private static final Pattern PER_CALL = Pattern.compile("(Extended )?Request ID: [^,)]*");

    private final QueueSignal queue;
    private final InstanceProvider provider;
    private final ScalingPolicy policy;
    private final int perInstance;
    private final Clock clock;
    private final IdleTracker tracker = new IdleTracker();

    private final AtomicInteger visible = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger desired = new AtomicInteger();
    private final Map<InstanceState, AtomicInteger> instances = new EnumMap<>(InstanceState.class);
    private final Map<Decision.Kind, Counter> decisions = new EnumMap<>(Decision.Kind.class);
    private final MeterRegistry registry;
    /** Distinct failures since the last clean tick, with how often each happened. */
    private final Map<String, Integer> repeats = new HashMap<>();
    private boolean failedThisTick;

    public ControlLoop(QueueSignal queue, InstanceProvider provider, ScalingPolicy policy, int perInstance,
                       Clock clock, MeterRegistry registry) {
        this.queue = queue;
        this.provider = provider;
        this.policy = policy;
        this.perInstance = perInstance;
        this.clock = clock;
        this.registry = registry;
        registry.gauge("elasticface.autoscaler.queue.visible", visible);
        registry.gauge("elasticface.autoscaler.queue.in.flight", inFlight);
        registry.gauge("elasticface.autoscaler.instances.desired", desired);
        for (InstanceState state : InstanceState.values()) {
            AtomicInteger count = new AtomicInteger();
            instances.put(state, count);
            registry.gauge("elasticface.autoscaler.instances", List.of(
                    Tag.of("state", state.name().toLowerCase(Locale.ROOT))), count);
        }
        for (Decision.Kind kind : Decision.Kind.values()) {
            decisions.put(kind, Counter.builder("elasticface.autoscaler.decisions")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    /** Runs one pass; returns the decision, or empty if the queue or the pool could not be read. */
    public Optional<Decision> tick() {
        failedThisTick = false;
        try {
            return observeDecideActuate();
        } finally {
            if (!failedThisTick && !repeats.isEmpty()) {
                log.info("recovered after {} failed calls", repeats.values().stream().mapToInt(Integer::intValue).sum());
                repeats.clear();
            }
        }
    }

    private Optional<Decision> observeDecideActuate() {
        Instant now = clock.instant();
        Decision decision;
        try {
            QueueDepth depth = queue.read();
            List<Instance> pool = provider.list();
            record(depth, pool);
            List<Member> members = tracker.observe(now, depth, pool, perInstance);
            decision = policy.decide(new Observation(now, depth, members));
        } catch (RuntimeException e) {
            failed("observe", e);
            return Optional.empty();
        }
        decisions.get(decision.kind()).increment();
        desired.set(decision.desired());
        if (decision.kind() == Decision.Kind.HOLD) {
            log.debug("{} hold: {}", now, decision.reason());
        } else {
            log.info("{} {} start={} stop={}: {}", now, decision.kind(), decision.start(), decision.stop(),
                    decision.reason());
        }
        actuate("start", decision.start(), provider::start);
        actuate("stop", decision.stop(), provider::stop);
        return Optional.of(decision);
    }

    private void actuate(String action, List<String> ids, Consumer<Collection<String>> call) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            call.accept(ids);
        } catch (RuntimeException e) {
            failed(action, e);
        }
    }

    /**
     * Counts every failure; logs each distinct one once (a denied policy or an unreachable queue fails
     * every tick, and a stack trace a second is noise that hides the cause), and says when they stop.
     */
    private void failed(String action, RuntimeException e) {
        failedThisTick = true;
        String kind = e instanceof InstanceException typed ? typed.kind() : "other";
        registry.counter("elasticface.autoscaler.errors", "action", action, "kind", kind).increment();
        String key = action + "|" + kind + "|" + e.getClass().getName() + "|"
                + PER_CALL.matcher(String.valueOf(e.getMessage())).replaceAll("");
        if (repeats.merge(key, 1, Integer::sum) > 1) {
            log.debug("{} failed again ({}): {}", action, kind, e.getMessage());
            return;
        }
        if (e instanceof InstanceException.AccessDenied denied) {
            log.error("{} on {} was denied ({}); nothing scales until that changes. To fix: {}. "
                    + "Retrying every tick, logged once.", denied.action(),
                    denied.ids().isEmpty() ? "*" : denied.ids(), denied.getMessage(), denied.fix());
        } else if (e instanceof InstanceException) {
            log.warn("{} failed ({}), retrying every tick (logged once): {}", action, kind, e.getMessage());
        } else {
            log.warn("{} failed, retrying every tick (logged once)", action, e);
        }
    }

    private void record(QueueDepth depth, List<Instance> pool) {
        visible.set(depth.visible());
        inFlight.set(depth.inFlight());
        instances.values().forEach(c -> c.set(0));
        pool.forEach(i -> instances.get(i.state()).incrementAndGet());
    }
}
