package io.elasticface.autoscaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.elasticface.autoscaler.simulation.SimulationConfig.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Issue 5's targets, checked in simulated time (deterministic, independent of this machine's speed). */
class SimulatorTest {

    private static final SimulationConfig COURSE = SimulationConfig.course(Policy.OURS);

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CourseBurst {

        private final SimulationResult ours = Simulator.burst(COURSE, 100);
        private final SimulationResult naive = Simulator.burst(COURSE.with(Policy.NAIVE), 100);

        @Test
        void peaksAtExactlyTheMaximumWithinOnePoll() {
            assertThat(ours.peakInstances()).isEqualTo(15);
            assertThat(ours.peakReachedSeconds()).isLessThanOrEqualTo(COURSE.pollSeconds());
            assertThat(ours.starts()).isEqualTo(15);
        }

        @Test
        void finishesWithinFivePercentOfThePhysicalLimit() {
            double limit = COURSE.bootSeconds() + Math.ceil(100 / 15.0) * COURSE.inferenceSeconds() + COURSE.pollSeconds();
            assertThat(ours.totalSeconds()).isCloseTo(limit, within(0.05 * limit));
            assertThat(ours.averageLatencySeconds()).isEqualTo(ours.totalSeconds() / 100, within(0.001));
        }

        @Test
        void scalesToZeroWithinTwoSecondsLosingNothing() {
            assertThat(ours.scaleInSeconds()).isNotNull().isLessThanOrEqualTo(2.0);
            assertThat(ours.lostRequests()).isZero();
            assertThat(ours.busyStops()).isZero();
            assertThat(ours.redeliveredRequests()).isZero();
        }

        @Test
        void beatsTheNaiveRuleOnTimeAndCostAtOnce() {
            assertThat(ours.totalSeconds()).isLessThan(naive.totalSeconds());
            assertThat(ours.instanceSeconds()).isLessThan(naive.instanceSeconds());
        }
    }

    @Test
    void aHibernatingPoolAnswersTheBurstSoonerByTheTimeItsResumeSaves() {
        SimulationResult booted = Simulator.burst(COURSE, 100);
        SimulationConfig hibernating = new SimulationConfig(Policy.OURS, 15, 1, 20, 0.5, 1, 1, 10, 30, 3600, 6);
        SimulationResult resumed = Simulator.burst(hibernating, 100);
        assertThat(booted.totalSeconds() - resumed.totalSeconds()).isCloseTo(14.0, within(1.0));
        assertThat(resumed.waitedForStart()).isEqualTo(100); // all of the burst waits for the first starts
        assertThat(resumed.lostRequests()).isZero();
    }

    @Test
    void everyStartIsBilledAtLeastAMinute() {
        SimulationResult r = Simulator.burst(COURSE, 100);
        assertThat(r.instanceSeconds()).isLessThan(15 * 60.0);
        assertThat(r.billedSeconds()).isEqualTo(15 * 60.0, within(0.001));
    }

    @Test
    void aLongerGraceTradesIdleInstanceTimeForFewerColdStartsAfterPauses() {
        // two bursts of 20 requests, 30 s apart: a grace of 60 s keeps the instances through the pause
        double[] arrivals = new double[40];
        for (int i = 20; i < 40; i++) {
            arrivals[i] = 30;
        }
        SimulationResult quick = Simulator.run(COURSE, arrivals);
        SimulationResult patient = Simulator.run(COURSE.withGrace(60), arrivals);
        assertThat(quick.starts()).isGreaterThan(patient.starts());
        assertThat(quick.waitedForStart()).isEqualTo(40);
        assertThat(patient.waitedForStart()).isEqualTo(20);
        assertThat(patient.idleInstanceSeconds()).isGreaterThan(quick.idleInstanceSeconds());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS) // simulate the day once per policy, not once per test
    class Day {

        private final double[] trace = Trace.read(DayTraceTest.FILE);
        private final SimulationResult ours = Simulator.run(COURSE, trace);
        private final SimulationResult naive = Simulator.run(COURSE.with(Policy.NAIVE), trace);

        @Test
        void neverStopsABusyInstanceNorLosesARequest() {
            assertThat(ours.busyStops()).isZero();
            assertThat(ours.lostRequests()).isZero();
            assertThat(ours.redeliveredRequests()).isZero();
            assertThat(ours.peakInstances()).isLessThanOrEqualTo(COURSE.max());
        }

        @Test
        void flappingIsBoundedByTheGrace() {
            // every run lasts at least boot + grace, so no instance cycles faster than that
            assertThat(ours.shortestRunSeconds()).isGreaterThanOrEqualTo(COURSE.bootSeconds() + COURSE.graceSeconds());
            assertThat(ours.maxStartsPerInstance())
                    .isLessThanOrEqualTo((int) (ours.simulatedSeconds() / (COURSE.bootSeconds() + COURSE.graceSeconds())));
        }

        @Test
        void wastesLessIdleTimeThanTheNaiveRule() {
            assertThat(ours.idleShare()).isLessThan(naive.idleShare());
            assertThat(naive.busyStops()).as("the naive rule kills busy workers").isPositive();
        }
    }

    @Test
    void aLongerGraceMeansFewerStartsAndStillNoBusyStops() {
        double[] trace = Trace.read(DayTraceTest.FILE);
        SimulationResult quick = Simulator.run(COURSE, trace);
        SimulationResult patient = Simulator.run(COURSE.withGrace(60), trace);
        assertThat(patient.starts()).isLessThan(quick.starts());
        assertThat(patient.shortestRunSeconds()).isGreaterThanOrEqualTo(COURSE.bootSeconds() + 60);
        assertThat(patient.busyStops()).isZero();
    }

    @Test
    void theTimelineIsWhatTheLoopSawAtEachTick() {
        List<TimelineSample> timeline = new ArrayList<>();
        SimulationResult result = Simulator.run(COURSE, new double[100], timeline::add);

        assertThat(timeline).hasSize((int) result.ticks());
        assertThat(timeline).extracting(TimelineSample::policy).containsOnly("ours");
        assertThat(timeline).isSortedAccordingTo(Comparator.comparingDouble(TimelineSample::seconds));
        assertThat(timeline.stream().mapToInt(s -> s.pending() + s.running()).max().orElseThrow())
                .isEqualTo(result.peakInstances());
        assertThat(timeline).allSatisfy(s -> assertThat(s.pending() + s.running() + s.stopping() + s.stopped())
                .isEqualTo(COURSE.max()));
        TimelineSample last = timeline.get(timeline.size() - 1);
        assertThat(last.visible() + last.inFlight() + last.pending() + last.running()).isZero();
    }
}
