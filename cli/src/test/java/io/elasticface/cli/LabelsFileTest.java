package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Labels files as spreadsheets write them: quotes, a byte-order mark, CRLF, empty lines. */
class LabelsFileTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "bom", "crlf", "empty lines", "quoted", "all at once"})
    void readsWhatSpreadsheetsWrite(String variant) throws IOException {
        String text = switch (variant) {
            case "plain" -> "Image,Results\ntest_001,Paul\ntest_002,\"Smith, John\"\n";
            case "bom" -> "\uFEFFImage,Results\ntest_001,Paul\ntest_002,\"Smith, John\"\n";
            case "crlf" -> "Image,Results\r\ntest_001,Paul\r\ntest_002,\"Smith, John\"\r\n";
            case "empty lines" -> "Image,Results\n\ntest_001,Paul\n\ntest_002,\"Smith, John\"\n\n";
            case "quoted" -> "\"Image\",\"Results\"\n\"test_001\",\"Paul\"\ntest_002,\"Smith, John\"\n";
            default -> "\uFEFF\"Image\",Results\r\n\r\ntest_001, Paul \r\n\"test_002\",\"Smith, John\"\r\n";
        };
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, text, StandardCharsets.UTF_8);

        assertThat(WorkloadCommand.readLabels(csv)).isEqualTo(Map.of("test_001", "Paul", "test_002", "Smith, John"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Image,Results\ntest_001,\"Paul\n", "Name,Who\ntest_001,Paul\n"})
    void aBrokenFileIsNamedWithItsLineOrItsHeader(String text) throws IOException {
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, text, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WorkloadCommand.readLabels(csv)).isInstanceOf(IOException.class)
                .hasMessageContaining("broken.csv");
    }
}
