package io.elasticface.collections;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's view of the collections it uses, kept fresh from the store: a view older than {@code maxAge}
 * is refreshed before it is used, and so is one that does not know a version a caller names
 * (read-your-writes: S3 lists what was written before the listing). A refresh lists the collection's
 * objects and reads only those it has not read (they never change). Thread-safe.
 */
public final class CollectionCache {

    private static final Logger log = LoggerFactory.getLogger(CollectionCache.class);
    private static final int LIST_ATTEMPTS = 4;

    private final CollectionStore store;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int exactUpTo;

    public CollectionCache(CollectionStore store, Duration maxAge, Clock clock) {
        this(store, maxAge, clock, SubjectSearch.EXACT_UP_TO);
    }

    /** @param exactUpTo collections up to this size are searched exactly, larger ones partitioned */
    CollectionCache(CollectionStore store, Duration maxAge, Clock clock, int exactUpTo) {
        this.store = store;
        this.maxAge = maxAge;
        this.clock = clock;
        this.exactUpTo = exactUpTo;
    }

    /**
     * What a reader may use of a collection.
     *
     * @param exists     whether the collection has ever had an object ({@code default} always exists)
     * @param generation changes whenever the faces do
     */
    public record View(String collection, boolean exists, List<FaceEntry> faces, SubjectSearch index,
                       long generation) {
    }

    /** The collection, refreshed first if the view is stale or does not know {@code version} (may be null). */
    public View view(String collection, String version) {
        Entry entry = entries.computeIfAbsent(collection, c -> new Entry(c, exactUpTo));
        synchronized (entry) {
            boolean stale = clock.millis() - entry.refreshedAt >= maxAge.toMillis();
            if (stale || entry.view == null || (version != null && !entry.state.knows(version))) {
                refresh(entry);
            }
            View view = entry.view;
            if (!view.exists()) {
                entries.remove(collection, entry); // names that never existed are not kept
            }
            return view;
        }
    }

    /** The collection as the store has it now. */
    public View fresh(String collection) {
        Entry entry = entries.computeIfAbsent(collection, c -> new Entry(c, exactUpTo));
        synchronized (entry) {
            refresh(entry);
            return entry.view;
        }
    }

    /** Collections read so far, for background work such as compaction. */
    public Set<String> known() {
        return Set.copyOf(entries.keySet());
    }

    private void refresh(Entry entry) {
        long started = clock.millis();
        List<String> keys = List.of();
        for (int attempt = 1; attempt <= LIST_ATTEMPTS; attempt++) {
            keys = store.objects(entry.collection);
            if (readNew(entry, keys)) {
                break;
            }
            // an object listed and gone was compacted into a newer snapshot: list again to find it
            if (attempt == LIST_ATTEMPTS) {
                throw new IllegalStateException("collection " + entry.collection + " kept changing under "
                        + LIST_ATTEMPTS + " listings");
            }
        }
        entry.seen.retainAll(new HashSet<>(keys)); // keys are never reused: forget the compacted ones
        boolean exists = !keys.isEmpty() || Names.DEFAULT_COLLECTION.equals(entry.collection);
        if (Names.DEFAULT_COLLECTION.equals(entry.collection)) {
            refreshGallery(entry);
        }
        if (entry.view == null || entry.view.generation() != entry.state.generation()
                || entry.view.exists() != exists) {
            List<FaceEntry> faces = entry.state.faces();
            entry.view = new View(entry.collection, exists, faces, entry.state.index(faces), entry.state.generation());
        }
        entry.refreshedAt = started;
    }

    /** Reads the listed objects not read yet; false when one of them is gone. */
    private boolean readNew(Entry entry, List<String> keys) {
        boolean complete = true;
        for (String key : keys) {
            if (entry.seen.contains(key)) {
                continue;
            }
            boolean read;
            if (CollectionStore.isSnapshot(key)) {
                Optional<Snapshot> snapshot = store.snapshot(key);
                snapshot.ifPresent(entry.state::absorb);
                read = snapshot.isPresent();
            } else if (CollectionStore.isChange(key)) {
                Optional<Change> change = store.change(key);
                change.ifPresent(c -> entry.state.absorb(CollectionStore.versionOf(key), c));
                read = change.isPresent();
            } else {
                read = true; // not ours: ignored
            }
            if (read) {
                entry.seen.add(key);
            } else {
                complete = false;
            }
        }
        return complete;
    }

    private void refreshGallery(Entry entry) {
        String version = store.galleryVersion().orElse("");
        if (version.equals(entry.galleryVersion)) {
            return;
        }
        entry.galleryVersion = version; // an unreadable file is reported once, not at every refresh
        try {
            entry.state.replaceBase(store.galleryFaces().orElse(List.of()));
            log.info("Loaded the gallery file into collection {} ({} faces in all)", entry.collection,
                    entry.state.faces().size());
        } catch (CollectionStore.UnreadableObjectException e) {
            log.error("Keeping the current faces of {}: {}", entry.collection, e.getMessage());
        }
    }

    private static final class Entry {
        final String collection;
        final CollectionState state;
        final Set<String> seen = new HashSet<>();
        String galleryVersion = "";
        long refreshedAt;
        volatile View view;

        Entry(String collection, int exactUpTo) {
            this.collection = collection;
            this.state = new CollectionState(exactUpTo);
        }
    }
}
