package io.elasticface.collections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CollectionStateTest {

    private final Random random = new Random(7);

    @Test
    void theOrderChangesAreReadInAndRepeatsDoNotMatter() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            changes.add(Change.add("c", Faces.face("f" + i, "s" + (i % 4), random), i));
        }
        changes.add(Change.remove("c", List.of("f3", "f7", "f-never-added"), 100));
        List<String> expected = null;
        for (int round = 0; round < 10; round++) {
            List<Change> shuffled = new ArrayList<>(changes);
            shuffled.addAll(changes.subList(0, 5)); // some read twice
            Collections.shuffle(shuffled, random);
            CollectionState state = new CollectionState();
            for (Change c : shuffled) {
                state.absorb(Versions.of(c.at(), "v" + c.at()), c);
            }
            List<String> ids = state.faces().stream().map(FaceEntry::faceId).sorted().toList();
            assertThat(ids).hasSize(18).doesNotContain("f3", "f7");
            if (expected != null) {
                assertThat(ids).isEqualTo(expected);
            }
            expected = ids;
        }
    }

    @Test
    void aSnapshotCarriesRemovalsSoThatAnOldChangeCannotBringAFaceBack() {
        CollectionState writer = new CollectionState();
        Change add = Change.add("c", Faces.face("f1", "ann", random), 1);
        writer.absorb(Versions.of(1, "a"), add);
        writer.absorb(Versions.of(2, "b"), Change.remove("c", List.of("f1"), 2));
        Snapshot snapshot = writer.snapshot("c", System.currentTimeMillis());

        CollectionState reader = new CollectionState();
        reader.absorb(snapshot);
        reader.absorb(Versions.of(1, "a"), add);
        assertThat(reader.faces()).isEmpty();
    }

    @Test
    void aSnapshotRemembersTheVersionsItFoldedIn() {
        CollectionState writer = new CollectionState();
        String version = Versions.of(System.currentTimeMillis(), "x");
        writer.absorb(version, Change.add("c", Faces.face("f1", "ann", random), 1));
        CollectionState reader = new CollectionState();
        assertThat(reader.knows(version)).isFalse();
        reader.absorb(writer.snapshot("c", System.currentTimeMillis()));
        assertThat(reader.knows(version)).isTrue();
    }

    @Test
    void theGalleryBaseIsReplacedNotJoinedAndRemovalsApplyToIt() {
        CollectionState state = new CollectionState();
        state.replaceBase(List.of(Faces.face("g1", "old", random), Faces.face("g2", "old", random)));
        state.absorb(Versions.of(1, "r"), Change.remove("default", List.of("g1"), 1));
        assertThat(state.faces()).extracting(FaceEntry::faceId).containsExactly("g2");
        long before = state.generation();
        state.replaceBase(List.of(Faces.face("g3", "new", random)));
        assertThat(state.faces()).extracting(FaceEntry::faceId).containsExactly("g3");
        assertThat(state.generation()).isGreaterThan(before);
    }
}
