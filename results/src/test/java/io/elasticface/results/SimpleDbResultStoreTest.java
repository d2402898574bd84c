package io.elasticface.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure part of the SimpleDB adapter: value chunking. */
class SimpleDbResultStoreTest {

    @Test
    void shortTextIsOneChunkAndEmptyTextIsOneEmptyChunk() {
        assertThat(SimpleDbResultStore.chunks("a.jpg")).containsExactly("a.jpg");
        assertThat(SimpleDbResultStore.chunks("")).containsExactly("");
    }

    @Test
    void chunksRespectTheByteLimitAndNeverSplitACharacter() {
        // 1023 ASCII bytes, then characters of 2, 3 and 4 bytes straddling every chunk boundary.
        String text = "a".repeat(1023) + "é日😀".repeat(700);

        List<String> chunks = SimpleDbResultStore.chunks(text);

        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(chunks).hasSizeGreaterThan(5).allSatisfy(chunk -> {
            assertThat(chunk.getBytes(StandardCharsets.UTF_8).length)
                    .isBetween(1, SimpleDbResultStore.MAX_VALUE_BYTES);
            assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
        });
        assertThat(chunks.get(0)).isEqualTo("a".repeat(1023));
    }

    @Test
    void exactlyOneFullChunkIsNotFollowedByAnEmptyOne() {
        assertThat(SimpleDbResultStore.chunks("b".repeat(1024))).containsExactly("b".repeat(1024));
        assertThat(SimpleDbResultStore.chunks("b".repeat(1025))).containsExactly("b".repeat(1024), "b");
    }
}
