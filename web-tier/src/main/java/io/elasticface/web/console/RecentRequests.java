package io.elasticface.web.console;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * The last answered requests, for the console's Live page: their answers, the rate and the latency
 * percentiles of the last minute. Bounded (the oldest are dropped); thread-safe.
 */
public final class RecentRequests {

    static final int KEPT = 2_000;
    private static final long RATE_WINDOW_MS = 10_000;
    private static final long LATENCY_WINDOW_MS = 60_000;

    /** One answered request. */
    public record Answered(long at, String endpoint, int status, String answer, long millis) {
    }

    /** What the Live page shows of the web tier's requests. */
    public record Summary(double perSecond, long p50Ms, long p99Ms, List<Answered> last) {
    }

    private final Deque<Answered> answered = new ArrayDeque<>();
    private final Clock clock;

    public RecentRequests(Clock clock) {
        this.clock = clock;
    }

    public void record(String endpoint, int status, String answer, long millis) {
        synchronized (answered) {
            answered.addLast(new Answered(clock.millis(), endpoint, status, answer, millis));
            if (answered.size() > KEPT) {
                answered.removeFirst();
            }
        }
    }

    /** @param last how many of the latest answers to list, newest first */
    public Summary summary(int last) {
        long now = clock.millis();
        List<Answered> all;
        synchronized (answered) {
            all = new ArrayList<>(answered);
        }
        long recent = all.stream().filter(a -> now - a.at() <= RATE_WINDOW_MS).count();
        long[] latencies = all.stream().filter(a -> now - a.at() <= LATENCY_WINDOW_MS).mapToLong(Answered::millis)
                .sorted().toArray();
        List<Answered> newest = new ArrayList<>(all.subList(Math.max(0, all.size() - last), all.size()));
        Collections.reverse(newest);
        return new Summary(recent * 1000.0 / RATE_WINDOW_MS, percentile(latencies, 0.50), percentile(latencies, 0.99),
                newest);
    }

    /** Nearest-rank percentile; 0 when there is nothing to rank. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
