package io.elasticface.web.threads;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets Tomcat's request threads go after a burst. Tomcat's pool hands work to its idle threads in turn (the
 * longest-waiting first), so a trickle of requests (probes, scrapes, a few users) touches every idle thread
 * within its idle timeout and none ever times out: after a burst of uploads the pool stayed at its peak for as
 * long as anything at all arrived (RELIABILITY.md, defect 18). Every {@code interval} this lowers the pool's
 * ceiling to what the busiest moment of that interval needed (the idle threads above it exit at once), then
 * puts the ceiling back, so the next burst grows the pool again. A task arriving in that short window waits in
 * Tomcat's queue for a running thread; none is refused.
 *
 * <p>On Java 21+ with virtual threads the connector has no pool of platform threads and this does nothing.
 */
public final class RequestThreadTrimmer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestThreadTrimmer.class);
    /** How long the lowered ceiling is held, at most, while idle threads notice it. */
    private static final long SETTLE_MILLIS = 1_000;

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "request-thread-trimmer");
        t.setDaemon(true);
        return t;
    });
    private volatile int busiest;

    private RequestThreadTrimmer(ThreadPoolExecutor pool) {
        this.pool = pool;
    }

    /** Starts trimming the connector's executor if it is a pool of platform threads; null otherwise. */
    public static RequestThreadTrimmer start(Executor executor, Duration interval) {
        if (!(executor instanceof ThreadPoolExecutor pool) || interval.isZero()) {
            return null;
        }
        RequestThreadTrimmer trimmer = new RequestThreadTrimmer(pool);
        long sample = Math.max(10, Math.min(1_000, interval.toMillis() / 10));
        trimmer.timer.scheduleWithFixedDelay(trimmer::sample, sample, sample, TimeUnit.MILLISECONDS);
        trimmer.timer.scheduleWithFixedDelay(trimmer::trim, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return trimmer;
    }

    private void sample() {
        busiest = Math.max(busiest, pool.getActiveCount());
    }

    /** Runs on the timer thread, as sample() does: no two of them at once. */
    void trim() {
        int keep = Math.max(pool.getCorePoolSize(), busiest);
        busiest = pool.getActiveCount();
        int size = pool.getPoolSize();
        if (size <= keep) {
            return;
        }
        int ceiling = pool.getMaximumPoolSize();
        try {
            pool.setMaximumPoolSize(keep); // interrupts the idle threads, which exit while the pool is above it
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
            while (pool.getPoolSize() > keep && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.setMaximumPoolSize(ceiling);
        }
        log.debug("request threads {} -> {} (busiest in the last interval: {})", size, pool.getPoolSize(), keep);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
