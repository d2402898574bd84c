package io.elasticface.autoscaler.simulation;

/**
 * What one simulated run measured, in simulated seconds. Instance time counts {@code pending} and
 * {@code running} (what the course grader sees and EC2 bills), not {@code stopping}.
 *
 * @param requests              requests that arrived
 * @param lostRequests          requests never answered within the horizon
 * @param peakInstances         most instances pending or running at once
 * @param peakReachedSeconds    from the first arrival to the first time the peak was reached
 * @param totalSeconds          from the first arrival to the last reply
 * @param averageLatencySeconds totalSeconds ÷ requests, as the course grader computes it
 * @param meanLatencySeconds    mean of each request's own latency
 * @param p99LatencySeconds     99th percentile of each request's own latency
 * @param instanceSeconds       pending + running instance time (cost)
 * @param idleInstanceSeconds   part of it without a request in progress, boot included
 * @param idleShare             idleInstanceSeconds ÷ instanceSeconds
 * @param billedSeconds         instance time as EC2 bills it: each start at least a minute
 * @param waitedForStart        requests that waited at least an instance start (boot or resume): the cold starts
 *                              users felt
 * @param scaleInSeconds        from the last reply to no instance pending or running; null if never
 * @param starts                instance starts
 * @param stops                 instance stops
 * @param busyStops             stops that hit an instance with a request in progress
 * @param redeliveredRequests   messages that reappeared after their visibility timeout
 * @param maxStartsPerInstance  most starts of any one instance (flapping)
 * @param shortestRunSeconds    shortest time from an instance's start to its stop; null if none stopped
 * @param simulatedSeconds      virtual time simulated
 * @param ticks                 control-loop passes
 */
public record SimulationResult(String policy, int requests, int lostRequests, int peakInstances,
                               double peakReachedSeconds, double totalSeconds, double averageLatencySeconds,
                               double meanLatencySeconds, double p99LatencySeconds, double instanceSeconds,
                               double idleInstanceSeconds, double idleShare, double billedSeconds,
                               int waitedForStart, Double scaleInSeconds, int starts,
                               int stops, int busyStops, int redeliveredRequests, int maxStartsPerInstance,
                               Double shortestRunSeconds, double simulatedSeconds, long ticks) {
}
