package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Candidate;
import java.util.List;

/** Nearest-subject search over a collection's faces; immutable, built again when the collection changes. */
public interface SubjectSearch {

    /**
     * Collections up to this many faces are searched exactly ({@link SearchIndex}); larger ones through
     * {@link PartitionedIndex} ({@link CollectionState#index} chooses). From {@code elasticface bench-search}
     * (BENCHMARKS.md, "Search at scale"): the exact scan takes ~5 ms at 100k faces on one core and grows linearly
     * (~50 ms at 1M, 512 MB).
     */
    int EXACT_UP_TO = 200_000;

    /** The k subjects nearest to a descriptor, best first, each with the distance to its nearest face. */
    List<Candidate> nearestSubjects(float[] query, int k);
}
