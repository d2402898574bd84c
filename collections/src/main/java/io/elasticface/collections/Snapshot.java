package io.elasticface.collections;

import java.util.List;

/**
 * A collection compacted: its faces, the ids removed (kept so that an old change read later cannot bring a
 * face back), and the change versions folded in (so that a search asking for one of them knows it has it).
 *
 * @param partition how the faces are grouped for {@link PartitionedIndex} (aligned with {@code faces}); null for
 *                  collections small enough to search exactly, and in snapshots of format 1 (JSON)
 */
public record Snapshot(int format, String collection, List<FaceEntry> faces, List<String> removed,
                       List<String> absorbed, long at, Partition partition) {

    public static final int FORMAT = SnapshotCodec.FORMAT;

    public Snapshot {
        faces = faces == null ? List.of() : List.copyOf(faces);
        removed = removed == null ? List.of() : List.copyOf(removed);
        absorbed = absorbed == null ? List.of() : List.copyOf(absorbed);
        if (partition != null && partition.groups().length != faces.size()) {
            throw new IllegalArgumentException("a partition of " + partition.groups().length + " faces for "
                    + faces.size());
        }
    }
}
