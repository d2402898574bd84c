package io.elasticface.collections;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds a collection's change log into one snapshot, so that a reader starting cold reads a few objects,
 * not one per enrollment. It writes the new snapshot first, then deletes exactly the objects it folded in:
 * whatever it deletes is in an object that stays. Two compactors at once are safe for the same reason (each
 * deletes only what its own snapshot holds); readers that find a listed object gone list again.
 */
public final class Compactor {

    private final CollectionStore store;
    private final Clock clock;
    private final int minChanges;
    private final int exactUpTo;

    /**
     * @param minChanges compact only once the log has this many changes (or there are several snapshots)
     */
    public Compactor(CollectionStore store, Clock clock, int minChanges) {
        this(store, clock, minChanges, SubjectSearch.EXACT_UP_TO);
    }

    /** @param exactUpTo snapshots of more faces carry a partition for {@link PartitionedIndex} */
    Compactor(CollectionStore store, Clock clock, int minChanges, int exactUpTo) {
        this.store = store;
        this.clock = clock;
        this.minChanges = minChanges;
        this.exactUpTo = exactUpTo;
    }

    /** Compacts if worth it; returns how many objects were folded into the new snapshot (0: nothing done). */
    public int compact(String collection) {
        List<String> keys = store.objects(collection);
        long changes = keys.stream().filter(CollectionStore::isChange).count();
        long snapshots = keys.stream().filter(CollectionStore::isSnapshot).count();
        if (changes < minChanges && snapshots <= 1) {
            return 0;
        }
        CollectionState state = new CollectionState(exactUpTo);
        List<String> folded = new ArrayList<>();
        for (String key : keys) {
            if (CollectionStore.isSnapshot(key)) {
                Optional<Snapshot> snapshot = store.snapshot(key);
                snapshot.ifPresent(state::absorb);
                snapshot.ifPresent(s -> folded.add(key));
            } else if (CollectionStore.isChange(key)) {
                Optional<Change> change = store.change(key);
                change.ifPresent(c -> state.absorb(CollectionStore.versionOf(key), c));
                change.ifPresent(c -> folded.add(key));
            }
        }
        long now = clock.millis();
        store.writeSnapshot(collection, Versions.fresh(now), state.snapshot(collection, now));
        folded.forEach(store::delete);
        return folded.size();
    }
}
