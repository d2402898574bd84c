package io.elasticface.autoscaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.elasticface.autoscaler.fleet.FakeFleet;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.policy.Decision;
import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.policy.QueuePolicy;
import io.elasticface.autoscaler.policy.ScalingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.SqsException;

class ControlLoopTest {

    private final AtomicReference<QueueDepth> depth = new AtomicReference<>(new QueueDepth(0, 0));
    private final FakeFleet fleet = new FakeFleet(5);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Instant now = Instant.parse("2026-11-27T12:00:00Z");
    private final ControlLoop loop = new ControlLoop(depth::get, fleet,
            new QueuePolicy(new ScalingSettings(0, 4, 1, Duration.ofSeconds(2))), 1, new Clock() {
                @Override
                public Instant instant() {
                    return now;
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            }, registry);

    private void step(int seconds) {
        now = now.plusSeconds(seconds);
    }

    @Test
    void scalesOutInOneStepThenInAfterTheGraceOnceNothingIsInFlight() {
        depth.set(new QueueDepth(10, 0));
        assertThat(loop.tick()).map(Decision::start).contains(List.of("f-1", "f-2", "f-3", "f-4"));
        assertThat(fleet.count(InstanceState.RUNNING)).isEqualTo(4);

        depth.set(new QueueDepth(0, 1));
        step(1);
        assertThat(loop.tick()).map(Decision::kind).contains(Decision.Kind.HOLD);
        step(2);
        assertThat(loop.tick()).map(Decision::reason).hasValueSatisfying(r -> assertThat(r).contains("in flight"));

        depth.set(new QueueDepth(0, 0));
        step(1);
        // f-1 held the in-flight message most recently, so it is the one kept for the rest of its grace
        assertThat(loop.tick()).map(Decision::stop).contains(List.of("f-2", "f-3", "f-4"));
        step(1);
        assertThat(loop.tick()).map(Decision::stop).contains(List.of("f-1"));
        assertThat(fleet.count(InstanceState.RUNNING)).isZero();
        assertThat(registry.get("elasticface.autoscaler.decisions").tag("kind", "scale_in").counter().count())
                .isEqualTo(2);
    }

    @Test
    void survivesAFailingQueueAndAFailingCloudAndRetriesNextTick() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        AtomicReference<RuntimeException> queueDown = new AtomicReference<>(new IllegalStateException("SQS down"));
        ControlLoop flaky = new ControlLoop(() -> {
            RuntimeException e = queueDown.getAndSet(null);
            if (e != null) {
                throw e;
            }
            return depth.get();
        }, fleet, new QueuePolicy(new ScalingSettings(0, 4, 1, Duration.ZERO)), 1, Clock.systemUTC(), own);
        depth.set(new QueueDepth(2, 0));

        assertThat(flaky.tick()).isEmpty();
        fleet.failNext("list", new InstanceException.Throttled("RequestLimitExceeded", List.of(), null));
        assertThat(flaky.tick()).isEmpty();
        fleet.failNext("start", new InstanceException.InsufficientCapacity("no capacity", List.of("f-1", "f-2"), null));
        assertThat(flaky.tick()).map(Decision::start).contains(List.of("f-1", "f-2"));
        assertThat(fleet.count(InstanceState.RUNNING)).isZero();
        assertThat(flaky.tick()).map(Decision::start).contains(List.of("f-1", "f-2"));

        assertThat(fleet.count(InstanceState.RUNNING)).isEqualTo(2);
        assertThat(own.get("elasticface.autoscaler.errors").tag("kind", "other").counter().count()).isEqualTo(1);
        assertThat(own.get("elasticface.autoscaler.errors").tag("kind", "throttled").counter().count()).isEqualTo(1);
        assertThat(own.get("elasticface.autoscaler.errors").tag("action", "start").counter().count()).isEqualTo(1);
        assertThat(own.get("elasticface.autoscaler.instances").tag("state", "stopped").gauge().value()).isEqualTo(5);
    }

    @Test
    void aFailureRepeatedEveryTickIsLoggedOnceThoughEachAnswerHasItsOwnRequestId() {
        AtomicInteger calls = new AtomicInteger();
        // as SQS answers a role without sqs:GetQueueAttributes: the same refusal, a new request id each time
        ControlLoop denied = new ControlLoop(() -> {
            throw SqsException.builder().statusCode(403).requestId("req-" + calls.incrementAndGet())
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName("Sqs").errorCode("AccessDenied")
                            .errorMessage("Access to the resource https://sqs.us-east-1.amazonaws.com/1/q is denied.")
                            .build())
                    .build();
        }, fleet, new QueuePolicy(new ScalingSettings(0, 4, 1, Duration.ZERO)), 1, Clock.systemUTC(),
                new SimpleMeterRegistry());
        Logger logger = (Logger) LoggerFactory.getLogger(ControlLoop.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            for (int tick = 0; tick < 5; tick++) {
                assertThat(denied.tick()).isEmpty();
            }
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(calls).hasValue(5);
        assertThat(logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)))
                .as("warnings over 5 ticks of one failure").singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("observe"));
    }
}
