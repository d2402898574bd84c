package io.elasticface.autoscaler.simulation;

/**
 * One simulated run.
 *
 * @param policy            {@code OURS} (the real policy) or {@code NAIVE} (the course-project rule)
 * @param max               pool size and maximum instances
 * @param perInstance       requests one instance works on at once
 * @param bootSeconds       start → running
 * @param inferenceSeconds  one request's work
 * @param pollSeconds       our loop's interval (the naive rule always polls every 2.5 s)
 * @param graceSeconds      idle time before our policy stops an instance
 * @param stopSeconds       stopping → stopped (after the worker drained, if it drains)
 * @param visibilitySeconds SQS visibility timeout: a killed worker's message reappears after it
 * @param horizonSeconds    how long to keep simulating after the last arrival before giving up
 * @param resumeSeconds     start → running for a pool that hibernates instead of stopping (0: it stops, and
 *                          every start is a boot of {@code bootSeconds})
 */
public record SimulationConfig(Policy policy, int max, int perInstance, double bootSeconds, double inferenceSeconds,
                               double pollSeconds, double graceSeconds, double stopSeconds, double visibilitySeconds,
                               double horizonSeconds, double resumeSeconds) {

    public static final double NAIVE_POLL_SECONDS = 2.5;

    public enum Policy { OURS, NAIVE }

    /** The course's burst settings with our defaults for the rest. */
    public static SimulationConfig course(Policy policy) {
        return new SimulationConfig(policy, 15, 1, 20, 0.5, 1, 1, 10, 30, 3600, 0);
    }

    public SimulationConfig with(Policy other) {
        return new SimulationConfig(other, max, perInstance, bootSeconds, inferenceSeconds, pollSeconds, graceSeconds,
                stopSeconds, visibilitySeconds, horizonSeconds, resumeSeconds);
    }

    public SimulationConfig withGrace(double seconds) {
        return new SimulationConfig(policy, max, perInstance, bootSeconds, inferenceSeconds, pollSeconds, seconds,
                stopSeconds, visibilitySeconds, horizonSeconds, resumeSeconds);
    }

    /** EC2 bills each start for at least a minute (Linux, per-second billing). */
    public static final double MINIMUM_BILLED_SECONDS = 60;

    /** Start → running: a resume when the pool hibernates, else a boot. */
    public double startSeconds() {
        return resumeSeconds > 0 ? resumeSeconds : bootSeconds;
    }

    double loopSeconds() {
        return policy == Policy.NAIVE ? NAIVE_POLL_SECONDS : pollSeconds;
    }

    /** Our workers drain on SIGTERM; the course projects' workers die mid-request. */
    boolean gracefulStop() {
        return policy == Policy.OURS;
    }
}
