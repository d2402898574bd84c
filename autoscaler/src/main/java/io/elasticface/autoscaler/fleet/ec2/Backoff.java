package io.elasticface.autoscaler.fleet.ec2;

import io.elasticface.autoscaler.fleet.InstanceException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded exponential back-off for the transient EC2 failures: throttling, and an instance caught
 * mid-transition ({@code IncorrectInstanceState}). Short enough to finish within a tick or two; the
 * control loop's next tick is the outer retry.
 *
 * @param attempts   calls in total, at least 1
 * @param firstDelay delay before the second call, doubled each time
 */
public record Backoff(int attempts, Duration firstDelay) {

    public static Backoff standard() {
        return new Backoff(4, Duration.ofMillis(200));
    }

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
    }

    <T> T call(Supplier<T> call) {
        long delay = firstDelay.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (InstanceException.Throttled | InstanceException.WrongState e) {
                if (attempt >= attempts) {
                    throw e;
                }
                sleep(delay);
                delay *= 2;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
