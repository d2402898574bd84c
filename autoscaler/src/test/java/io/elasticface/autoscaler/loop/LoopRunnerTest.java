package io.elasticface.autoscaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.autoscaler.fleet.FakeFleet;
import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.policy.QueuePolicy;
import io.elasticface.autoscaler.policy.ScalingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LoopRunnerTest {

    @Test
    void stoppingLetsTheRunningTickFinishItsCallUninterrupted() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        // a queue read that takes a while, as an EC2 or SQS call under back-off does
        ControlLoop loop = new ControlLoop(() -> {
            inCall.countDown();
            try {
                Thread.sleep(500);
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
            return new QueueDepth(0, 0);
        }, new FakeFleet(1), new QueuePolicy(new ScalingSettings(0, 1, 1, Duration.ZERO)), 1,
                Clock.systemUTC(), new SimpleMeterRegistry());
        LoopRunner runner = new LoopRunner(loop, Duration.ofHours(1));

        runner.start();
        assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
        runner.stop();

        assertThat(interrupted).as("the tick was interrupted mid-call").isFalse();
        assertThat(finished).as("stop returned before the tick finished").isTrue();
        assertThat(runner.isRunning()).isFalse();
    }
}
