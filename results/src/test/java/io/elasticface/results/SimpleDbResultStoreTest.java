package io.elasticface.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of the SimpleDB adapter: select-expression quoting and value chunking. */
class SimpleDbResultStoreTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a.jpg                         | 'a.jpg'",
            "a'b                           | 'a''b'",
            "x' or '1'='1                  | 'x'' or ''1''=''1'",
            "''                            | ''''''",
            "back`tick                     | 'back`tick'",
            "back\\slash                   | 'back\\slash'"})
    void quotesValuesByDoublingSingleQuotes(String value, String quoted) {
        assertThat(SimpleDbResultStore.quoteValue(value)).isEqualTo(quoted);
    }

    @Test
    void aQuotedValueNeverEndsEarly() {
        String hostile = "x' or itemName() is not null or 'a'='a";
        String quoted = SimpleDbResultStore.quoteValue(hostile);

        // Inside the literal every quote is doubled, so the only lone quotes are the two delimiters.
        String inside = quoted.substring(1, quoted.length() - 1);
        assertThat(inside.replace("''", "")).doesNotContain("'");
        assertThat(inside.replace("''", "'")).isEqualTo(hostile);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "elasticface-simpleDB | `elasticface-simpleDB`",
            "a`b                  | `a``b`",
            "`                    | ````",
            "x` where 1=1 `       | `x`` where 1=1 ```"})
    void quotesNamesWithBackticksDoubled(String name, String quoted) {
        assertThat(SimpleDbResultStore.quoteName(name)).isEqualTo(quoted);
    }

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
