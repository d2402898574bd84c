package io.elasticface.engine.gallery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a descriptor from a gallery. Immutable, so a new gallery is swapped in by replacing the matcher.
 */
public final class GalleryMatcher {

    public static final String UNKNOWN = "Unknown";

    private final List<Gallery.Entry> entries;
    private final List<Gallery.Entry> means;
    private final MatchRule rule;
    private final double threshold;

    /**
     * @param threshold same-person L2 distance; dlib's is 0.6
     */
    public GalleryMatcher(Gallery gallery, MatchRule rule, double threshold) {
        this.entries = gallery.entries();
        this.means = rule == MatchRule.MEAN ? means(entries) : List.of();
        this.rule = rule;
        this.threshold = threshold;
    }

    public int size() {
        return entries.size();
    }

    public Match match(float[] descriptor) {
        if (entries.isEmpty()) {
            return new Match(UNKNOWN, 0, false);
        }
        Scored best = switch (rule) {
            case NEAREST -> nearest(entries, descriptor, 1).get(0);
            case MEAN -> nearest(means, descriptor, 1).get(0);
            case KNN3 -> vote(nearest(entries, descriptor, 3));
        };
        return new Match(best.entry().name(), best.distance(), best.distance() < threshold);
    }

    public static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private record Scored(Gallery.Entry entry, double distance) {
    }

    private static List<Scored> nearest(List<Gallery.Entry> entries, float[] descriptor, int k) {
        List<Scored> scored = new ArrayList<>(entries.size());
        for (Gallery.Entry e : entries) {
            scored.add(new Scored(e, distance(e.descriptor(), descriptor)));
        }
        scored.sort(Comparator.comparingDouble(Scored::distance));
        return scored.subList(0, Math.min(k, scored.size()));
    }

    /** The name with most votes, ties going to the name with the nearest photo; its nearest photo. */
    private static Scored vote(List<Scored> nearest) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (Scored s : nearest) {
            votes.merge(s.entry().name(), 1, Integer::sum);
        }
        int most = votes.values().stream().max(Integer::compare).orElseThrow();
        for (Scored s : nearest) {
            if (votes.get(s.entry().name()) == most) {
                return s;
            }
        }
        throw new IllegalStateException("no vote");
    }

    private static List<Gallery.Entry> means(List<Gallery.Entry> entries) {
        Map<String, float[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Gallery.Entry e : entries) {
            float[] sum = sums.computeIfAbsent(e.name(), n -> new float[Gallery.DESCRIPTOR_SIZE]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += e.descriptor()[i];
            }
            counts.merge(e.name(), 1, Integer::sum);
        }
        List<Gallery.Entry> means = new ArrayList<>();
        sums.forEach((name, sum) -> {
            int n = counts.get(name);
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= n;
            }
            means.add(new Gallery.Entry(name, "mean of " + n, sum));
        });
        return means;
    }
}
