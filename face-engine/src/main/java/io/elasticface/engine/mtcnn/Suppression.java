package io.elasticface.engine.mtcnn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

/** Greedy non-maximum suppression: keep the best box, drop those overlapping it more than a threshold. */
final class Suppression {

    private Suppression() {
    }

    static List<Candidate> byIou(List<Candidate> candidates, double threshold) {
        return suppress(candidates, threshold, Rect::iou);
    }

    static List<Candidate> byOverlapOfSmaller(List<Candidate> candidates, double threshold) {
        return suppress(candidates, threshold, Rect::overlapOfSmaller);
    }

    private static List<Candidate> suppress(List<Candidate> candidates, double threshold,
                                            ToDoubleBiFunction<Rect, Rect> overlap) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        boolean[] dropped = new boolean[sorted.size()];
        List<Candidate> kept = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (dropped[i]) {
                continue;
            }
            Rect best = sorted.get(i).box();
            kept.add(sorted.get(i));
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!dropped[j] && overlap.applyAsDouble(best, sorted.get(j).box()) > threshold) {
                    dropped[j] = true;
                }
            }
        }
        return kept;
    }
}
