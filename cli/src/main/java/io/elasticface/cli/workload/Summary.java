package io.elasticface.cli.workload;

import java.util.Arrays;
import java.util.Map;

/**
 * What a workload run measured. {@code averageLatencySeconds} is the course's figure: total wall time
 * divided by the number of requests, not the mean of the requests' own latencies. The percentiles are of
 * answered requests only; failures are counted by kind ({@code timeout}, {@code HTTP 503}, ...). The
 * overhead percentiles (latency minus the worker's own inference time) are there when the JSON endpoint
 * reported inference times, otherwise null.
 */
public record Summary(int requests, int failures, Map<String, Integer> failuresByKind, Integer correct,
                      double totalSeconds, double averageLatencySeconds, long p50Ms, long p90Ms, long p99Ms,
                      Long overheadP50Ms, Long overheadP99Ms) {

    /**
     * Summarises a run.
     *
     * @param answeredMs  latencies of the answered requests
     * @param overheadsMs latency minus inference per answered request, or empty when unknown
     * @param failures    failed requests by kind
     */
    public static Summary of(int requests, long[] answeredMs, long[] overheadsMs, Map<String, Integer> failures,
                             Integer correct, double totalSeconds) {
        long[] sorted = sorted(answeredMs);
        long[] overheads = sorted(overheadsMs);
        int n = requests;
        boolean known = overheads.length > 0;
        return new Summary(n, failures.values().stream().mapToInt(Integer::intValue).sum(), Map.copyOf(failures),
                correct, totalSeconds, n == 0 ? 0 : totalSeconds / n,
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                known ? percentile(overheads, 50) : null, known ? percentile(overheads, 99) : null);
    }

    private static long[] sorted(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
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
