package io.elasticface.autoscaler.simulation;

/**
 * What the control loop saw at one of its ticks, in virtual time: the queue and the pool by state. The
 * simulator's timeline is one of these per tick ({@code simulate --timeline}, {@code --plot}).
 *
 * @param seconds  virtual time since the first tick's period began
 * @param visible  messages waiting in the queue
 * @param inFlight messages received and not yet deleted
 */
public record TimelineSample(String policy, double seconds, int visible, int inFlight, int pending, int running,
                             int stopping, int stopped) {
}
