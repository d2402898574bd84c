package io.elasticface.cli;

import io.elasticface.collections.FaceEntry;
import io.elasticface.collections.Partition;
import io.elasticface.collections.Snapshot;
import io.elasticface.collections.SnapshotCodec;
import io.elasticface.collections.PartitionedIndex;
import io.elasticface.collections.QuantizedIndex;
import io.elasticface.collections.SearchIndex;
import io.elasticface.collections.SubjectSearch;
import io.elasticface.wire.RecognitionReply.Candidate;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elasticface bench-search}: search in collections of 10k to 1M faces, exact against quantised, on one
 * thread. Descriptors are synthetic but shaped like real ones (people ~0.7 apart, a person's photos ~0.4): scale
 * needs numbers real photos cannot give here; accuracy is measured on real faces by the tests.
 */
@Command(name = "bench-search", mixinStandardHelpOptions = true, description = "Time nearest-subject search over "
        + "synthetic collections (5 faces a person) on one thread: per-query latency, index memory, build time, and "
        + "how often the quantised index names the same person as the exact one.")
final class BenchSearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000",
            description = "collection sizes in faces (default ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(names = "--queries", defaultValue = "200", description = "timed queries per size and index "
            + "(default ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--agreement", defaultValue = "10000", description = "queries compared, exact against "
            + "quantised (an exact scan each, on every core) (default ${DEFAULT-VALUE})")
    int agreement;

    @Option(names = "--probes", split = ",", defaultValue = "24,32,48,64", description = "groups scanned a query by "
            + "the partitioned index, one row each (default ${DEFAULT-VALUE})")
    int[] probes;

    @Option(names = "--int8", description = "also time the plain int8 scan (slow at 1M: ~0.1 s a query)")
    boolean int8;

    private static final double PERSON = 0.042;  // per dimension: centres ~0.67 apart
    private static final double PHOTO = 0.025;   // per dimension: a person's photos ~0.4 apart
    private static final double THRESHOLD = 0.6;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-9s %-9s %10s %10s %10s %12s %s%n", "faces", "index", "p50 ms", "p99 ms", "build ms", "memory MB",
                "same as exact: top-1 of enrolled people's photos / answer (name or unknown) of all");
        for (int size : sizes) {
            Random random = new Random(size);
            List<float[]> centres = new ArrayList<>();
            List<FaceEntry> faces = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                if (i % 5 == 0) {
                    centres.add(around(new float[FaceEntry.DESCRIPTOR_SIZE], random, PERSON));
                }
                faces.add(new FaceEntry("f" + i, "s" + (i / 5), "synthetic", null,
                        around(centres.get(i / 5), random, PHOTO)));
            }
            List<float[]> asked = new ArrayList<>();
            for (int q = 0; q < Math.max(queries, agreement); q++) {
                // most queries are new photos of enrolled people; one in ten of nobody enrolled
                float[] centre = q % 10 == 9 ? around(new float[FaceEntry.DESCRIPTOR_SIZE], random, PERSON)
                        : centres.get(random.nextInt(centres.size()));
                asked.add(around(centre, random, PHOTO));
            }
            long t0 = System.nanoTime();
            SearchIndex exact = SearchIndex.of(faces);
            long exactBuild = System.nanoTime() - t0;
            List<Candidate> truth = asked.subList(0, Math.min(agreement, asked.size())).parallelStream()
                    .map(q -> exact.nearestSubjects(q, 1).get(0)).toList();
            report(out, size, "exact", exact, exactBuild, size * (FaceEntry.DESCRIPTOR_SIZE * 4L + 4), asked, null);
            if (int8) {
                t0 = System.nanoTime();
                QuantizedIndex quantized = QuantizedIndex.of(faces);
                report(out, size, "int8", quantized::nearestSubjects, System.nanoTime() - t0, quantized.bytes(),
                        asked, truth);
            }
            t0 = System.nanoTime();
            Partition partition = Partition.train(faces, 7L);
            PartitionedIndex partitioned = PartitionedIndex.of(faces, partition);
            long build = System.nanoTime() - t0;
            for (int p : probes) {
                report(out, size, "ivf-" + p, partitioned.withProbes(p), build, partitioned.bytes(), asked, truth);
            }
            load(out, size, faces, partition);
        }
        return 0;
    }

    /**
     * What a reader starting cold pays at this size: the compacted snapshot (faces and partition) decoded from
     * its bytes, and the index made from it without training.
     */
    private static void load(PrintWriter out, int size, List<FaceEntry> faces, Partition partition) {
        byte[] bytes = SnapshotCodec.encode(new Snapshot(Snapshot.FORMAT, "bench", faces, null, null, 0L,
                partition));
        long best = Long.MAX_VALUE;
        long bestDecode = 0;
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            Snapshot snapshot = SnapshotCodec.decode(bytes);
            long decoded = System.nanoTime();
            PartitionedIndex index = PartitionedIndex.of(snapshot.faces(), snapshot.partition());
            long t = System.nanoTime() - t0;
            if (t < best && index.size() == size) {
                best = t;
                bestDecode = decoded - t0;
            }
        }
        out.printf("%-9d %-9s snapshot %.1f MB: decoded in %d ms, index made from its partition in %d ms: "
                + "%d ms from bytes to search (best of 3)%n", size, "load", bytes.length / 1e6,
                bestDecode / 1_000_000, (best - bestDecode) / 1_000_000, best / 1_000_000);
        out.flush();
    }

    /** Times an index and compares its answers with the exact one's (top-1 subject; and name or unknown). */
    private void report(PrintWriter out, int size, String name, SubjectSearch index, long buildNanos, long bytes,
                        List<float[]> asked, List<Candidate> truth) {
        long[] times = time(asked, index::nearestSubjects);
        String same = "-";
        if (truth != null) {
            int compared = truth.size();
            int subject = 0;
            int enrolled = 0;
            int answer = 0;
            for (int q = 0; q < compared; q++) {
                Candidate want = truth.get(q);
                Candidate got = index.nearestSubjects(asked.get(q), 1).get(0);
                if (q % 10 != 9) { // a photo of someone enrolled
                    enrolled++;
                    subject += want.subject().equals(got.subject()) ? 1 : 0;
                }
                answer += name(want).equals(name(got)) ? 1 : 0;
            }
            same = String.format("%.2f%% of %d / %.2f%% of %d", 100.0 * subject / enrolled, enrolled,
                    100.0 * answer / compared, compared);
        }
        out.printf("%-9d %-9s %10.2f %10.2f %10d %12.1f %s%n", size, name, ms(times, 0.5), ms(times, 0.99),
                buildNanos / 1_000_000, bytes / 1e6, same);
        out.flush();
    }

    /** The name a search answers at the default threshold. */
    private static String name(Candidate best) {
        return best.distance() < THRESHOLD ? best.subject() : "unknown";
    }

    /** One thread, after a warm-up of a tenth (at least 20) of the queries. */
    private long[] time(List<float[]> asked, java.util.function.BiFunction<float[], Integer, List<Candidate>> search) {
        int warm = Math.max(20, queries / 10);
        for (int q = 0; q < warm; q++) {
            search.apply(asked.get(q % asked.size()), 1);
        }
        long[] times = new long[queries];
        for (int q = 0; q < queries; q++) {
            long t = System.nanoTime();
            search.apply(asked.get(q % asked.size()), 1);
            times[q] = System.nanoTime() - t;
        }
        Arrays.sort(times);
        return times;
    }

    private static double ms(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static float[] around(float[] centre, Random random, double sigma) {
        float[] d = new float[centre.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = centre[i] + (float) (random.nextGaussian() * sigma);
        }
        return d;
    }
}
