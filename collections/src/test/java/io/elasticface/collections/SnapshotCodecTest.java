package io.elasticface.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.wire.RecognitionReply.Box;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    private final Random random = new Random(11);

    @Test
    void aSnapshotReadsBackAsItWasWrittenPartitionIncluded() {
        List<FaceEntry> faces = new ArrayList<>();
        faces.add(new FaceEntry("f1", "Zoë", "zoë.jpg", new Box(1, 2, 30, 40), Faces.descriptor(random)));
        faces.add(new FaceEntry("f2", "bob", null, null, Faces.descriptor(random)));
        Partition partition = new Partition(Faces.descriptor(random), new int[] {0, 0});
        Snapshot written = new Snapshot(Snapshot.FORMAT, "team", faces, List.of("gone"), List.of("0000000000001-a"),
                42L, partition);

        Snapshot read = SnapshotCodec.decode(SnapshotCodec.encode(written));

        assertThat(read.collection()).isEqualTo("team");
        assertThat(read.at()).isEqualTo(42L);
        assertThat(read.removed()).containsExactly("gone");
        assertThat(read.absorbed()).containsExactly("0000000000001-a");
        assertThat(read.faces()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            FaceEntry want = faces.get(i);
            FaceEntry got = read.faces().get(i);
            assertThat(got.faceId()).isEqualTo(want.faceId());
            assertThat(got.subject()).isEqualTo(want.subject());
            assertThat(got.source()).isEqualTo(want.source());
            assertThat(got.box()).isEqualTo(want.box());
            assertThat(got.descriptor()).containsExactly(want.descriptor());
        }
        assertThat(read.partition().centres()).containsExactly(partition.centres());
        assertThat(read.partition().groups()).containsExactly(0, 0);
    }

    @Test
    void aSmallSnapshotHasNoPartition() {
        Snapshot written = new Snapshot(Snapshot.FORMAT, "c", List.of(Faces.face("a", "ann", random)), null, null,
                1L, null);
        assertThat(SnapshotCodec.decode(SnapshotCodec.encode(written)).partition()).isNull();
    }

    @Test
    void bytesThatAreNotASnapshotAreRefusedWithAReason() {
        byte[] whole = SnapshotCodec.encode(new Snapshot(Snapshot.FORMAT, "c",
                List.of(Faces.face("a", "ann", random)), null, null, 1L, null));
        assertThatThrownBy(() -> SnapshotCodec.decode("{\"format\":1}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a binary snapshot");
        assertThatThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(whole, whole.length / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
    }
}
