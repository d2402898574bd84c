package io.elasticface.autoscaler.loop;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Ticks the loop on one thread with a fixed delay, so a slow tick (EC2 back-off) delays the next one
 * instead of piling up. Stops with the application context.
 */
public final class LoopRunner implements SmartLifecycle {

    private final ControlLoop loop;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public LoopRunner(ControlLoop loop, Duration interval) {
        this.loop = loop;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "autoscaler-loop"));
        // tick() catches everything; a throwable escaping here would silently cancel the schedule
        timer.scheduleWithFixedDelay(loop::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
