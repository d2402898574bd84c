package io.elasticface.cli.workload;

import java.util.Arrays;

/**
 * What a workload run measured. {@code averageLatencySeconds} is the course's figure: total wall time
 * divided by the number of requests, not the mean of the requests' own latencies.
 */
public record Summary(int requests, int failures, Integer correct, double totalSeconds,
                      double averageLatencySeconds, long p50Ms, long p90Ms, long p99Ms) {

    /** Summarises per-request latencies (milliseconds) and the run's wall time. */
    public static Summary of(long[] latenciesMs, int failures, Integer correct, double totalSeconds) {
        long[] sorted = latenciesMs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return new Summary(n, failures, correct, totalSeconds, n == 0 ? 0 : totalSeconds / n,
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99));
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
