package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** DJL's PyTorch internals (JniUtils, IValue, PtNDArray, ...) are touched by one class only: TorchScript. */
class InternalsTest {

    @Test
    void onlyTorchScriptImportsDjlsPytorchInternals() throws IOException {
        List<Path> importing;
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            importing = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(InternalsTest::importsInternals).toList();
        }
        assertThat(importing).extracting(p -> p.getFileName().toString()).containsExactly("TorchScript.java");
    }

    private static boolean importsInternals(Path source) {
        try {
            return Files.readAllLines(source).stream().anyMatch(line -> line.startsWith("import ai.djl.pytorch."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
