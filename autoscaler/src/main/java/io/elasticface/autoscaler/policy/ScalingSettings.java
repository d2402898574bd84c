package io.elasticface.autoscaler.policy;

import java.time.Duration;

/**
 * The knobs of {@link QueuePolicy}.
 *
 * @param min         instances kept running even with an empty queue (0 for the course)
 * @param max         never more running + pending instances than this
 * @param perInstance requests one instance works on at once
 * @param grace       how long a running instance must have been idle before it is stopped
 */
public record ScalingSettings(int min, int max, int perInstance, Duration grace) {

    public ScalingSettings {
        if (min < 0 || max < 1 || min > max) {
            throw new IllegalArgumentException("need 0 <= min <= max and max >= 1, got min=" + min + " max=" + max);
        }
        if (perInstance < 1) {
            throw new IllegalArgumentException("per-instance concurrency must be >= 1, got " + perInstance);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        }
    }
}
