package io.elasticface.collections;

import java.util.List;

/**
 * One entry of a collection's change log: faces added, face ids removed. Changes commute (a removal wins
 * over an addition of the same face, whatever the order they are read in) and applying one twice changes
 * nothing, so workers may read the log in any order, and a retried enrollment adds nothing new.
 */
public record Change(int format, String collection, List<FaceEntry> added, List<String> removed, long at) {

    public static final int FORMAT = 1;

    public Change {
        added = added == null ? List.of() : List.copyOf(added);
        removed = removed == null ? List.of() : List.copyOf(removed);
    }

    public static Change add(String collection, FaceEntry face, long at) {
        return new Change(FORMAT, collection, List.of(face), List.of(), at);
    }

    public static Change remove(String collection, List<String> faceIds, long at) {
        return new Change(FORMAT, collection, List.of(), faceIds, at);
    }
}
