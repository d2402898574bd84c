package io.elasticface.engine.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stage never gets more than its limit of candidates, and the ones it gets are the best scored. */
class CandidateLimitTest {

    private static Candidate scored(double score) {
        return new Candidate(new Rect(0, 0, 10, 10), score, null);
    }

    @Test
    void keepsTheBestScoredUpToTheLimit() {
        List<Candidate> many = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            many.add(scored((i * 7919 % 2500) / 2500.0));
        }
        List<Candidate> kept = MtcnnDetector.best(many, MtcnnDetector.MAX_RNET_CANDIDATES);

        assertThat(kept).hasSize(MtcnnDetector.MAX_RNET_CANDIDATES);
        assertThat(kept).extracting(Candidate::score).allMatch(s -> s >= 1500 / 2500.0);
    }

    @Test
    void fewerThanTheLimitPassUnchanged() {
        List<Candidate> few = List.of(scored(0.9), scored(0.7));
        assertThat(MtcnnDetector.best(few, 200)).isSameAs(few);
    }
}
