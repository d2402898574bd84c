package io.elasticface.autoscaler.loop;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ticks the loop on one thread with a fixed delay, so a slow tick (EC2 back-off) delays the next one
 * instead of piling up. Stops with the application context.
 */
public final class LoopRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LoopRunner.class);

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
        timer.scheduleWithFixedDelay(this::tickOrExit, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * tick() survives every AWS error itself. Anything escaping here is an {@link Error} (out of memory, a
     * missing class) that would silently cancel the schedule and leave a process that no longer scales:
     * exit instead, so that systemd restarts the autoscaler.
     */
    private void tickOrExit() {
        try {
            loop.tick();
        } catch (Throwable fatal) {
            log.error("the control loop cannot go on; exiting so that it is restarted", fatal);
            System.exit(1);
        }
    }

    @Override
    public synchronized void stop() {
        // shutdown, not shutdownNow: an interrupt would cut an EC2 call off midway (a start sent, its
        // answer lost). No further tick runs; the one in progress finishes before the fleet closes.
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("the last tick is still running after 30 s; stopping without it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
