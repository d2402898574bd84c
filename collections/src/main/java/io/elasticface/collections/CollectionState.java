package io.elasticface.collections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a reader knows of one collection: the join of every snapshot and change it has read, plus an optional
 * base (the gallery file of the {@code default} collection, replaced whole when the file changes). Faces are
 * the ones added and never removed; joining is commutative and idempotent, so the order objects are read in,
 * and reading one twice, do not matter. Not thread-safe: its owner locks.
 */
public final class CollectionState {

    /** Versions older than this are not carried into new snapshots: a search naming one only refreshes once. */
    static final Duration ABSORBED_KEPT = Duration.ofHours(24);
    private static final long SEED = 7L; // the same faces give the same partition

    private final Map<String, FaceEntry> added = new LinkedHashMap<>();
    private final Set<String> removed = new HashSet<>();
    private final Set<String> absorbed = new LinkedHashSet<>();
    private Map<String, FaceEntry> base = Map.of();
    private long generation;
    private final int exactUpTo;
    private Snapshot partitioned; // the newest snapshot read that carries a partition

    public CollectionState() {
        this(SubjectSearch.EXACT_UP_TO);
    }

    /** @param exactUpTo collections up to this size are searched exactly, larger ones partitioned */
    CollectionState(int exactUpTo) {
        this.exactUpTo = exactUpTo;
    }

    /** Joins one change read under {@code version}. */
    public void absorb(String version, Change change) {
        absorbed.add(version);
        for (FaceEntry face : change.added()) {
            if (!removed.contains(face.faceId()) && added.putIfAbsent(face.faceId(), face) == null) {
                generation++;
            }
        }
        remove(change.removed());
    }

    public void absorb(Snapshot snapshot) {
        if (snapshot.partition() != null && (partitioned == null || snapshot.at() > partitioned.at())) {
            partitioned = snapshot;
        }
        absorbed.addAll(snapshot.absorbed());
        remove(snapshot.removed());
        for (FaceEntry face : snapshot.faces()) {
            if (!removed.contains(face.faceId()) && added.putIfAbsent(face.faceId(), face) == null) {
                generation++;
            }
        }
    }

    private void remove(List<String> faceIds) {
        for (String id : faceIds) {
            if (removed.add(id) && (added.remove(id) != null || base.containsKey(id))) {
                generation++;
            }
        }
    }

    /** Replaces the base faces (a new gallery file replaces the old one; it is not joined). */
    public void replaceBase(List<FaceEntry> faces) {
        Map<String, FaceEntry> next = new LinkedHashMap<>();
        faces.forEach(f -> next.put(f.faceId(), f));
        base = next;
        generation++;
    }

    /** Whether a change with this version has been read (directly or through a snapshot). */
    public boolean knows(String version) {
        return absorbed.contains(version);
    }

    /** Changes whenever {@link #faces()} does: indexes are rebuilt only then. */
    public long generation() {
        return generation;
    }

    /** The faces: base ones first, then added ones in the order they were read; none removed. */
    public List<FaceEntry> faces() {
        List<FaceEntry> faces = new ArrayList<>(base.size() + added.size());
        for (FaceEntry f : base.values()) {
            if (!removed.contains(f.faceId()) && !added.containsKey(f.faceId())) {
                faces.add(f);
            }
        }
        faces.addAll(added.values());
        return faces;
    }

    /**
     * The search index for {@link #faces()} (passed in, as the caller holds them): exact, or partitioned reusing
     * the partition read (no training then).
     */
    public SubjectSearch index(List<FaceEntry> faces) {
        return faces.size() <= exactUpTo ? SearchIndex.of(faces) : PartitionedIndex.of(faces, partition(faces));
    }

    private Partition partition(List<FaceEntry> faces) {
        return partitioned == null ? Partition.train(faces, SEED)
                : Partition.update(partitioned.partition(), partitioned.faces(), faces, SEED);
    }

    /**
     * This state as a snapshot (without the base, which stays in its own file); a large one carries its
     * partition, so that readers need not train one.
     */
    public Snapshot snapshot(String collection, long now) {
        long oldest = now - ABSORBED_KEPT.toMillis();
        List<String> recent = absorbed.stream().filter(v -> Versions.millis(v) >= oldest).toList();
        List<FaceEntry> faces = List.copyOf(added.values());
        Partition partition = faces.size() > exactUpTo ? partition(faces) : null;
        return new Snapshot(Snapshot.FORMAT, collection, faces, List.copyOf(removed), recent, now, partition);
    }
}
