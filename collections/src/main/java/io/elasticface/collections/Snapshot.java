package io.elasticface.collections;

import java.util.List;

/**
 * A collection compacted: its faces, the ids removed (kept so that an old change read later cannot bring a
 * face back), and the change versions folded in (so that a search asking for one of them knows it has it).
 */
public record Snapshot(int format, String collection, List<FaceEntry> faces, List<String> removed,
                       List<String> absorbed, long at) {

    public static final int FORMAT = 1;

    public Snapshot {
        faces = faces == null ? List.of() : List.copyOf(faces);
        removed = removed == null ? List.of() : List.copyOf(removed);
        absorbed = absorbed == null ? List.of() : List.copyOf(absorbed);
    }
}
