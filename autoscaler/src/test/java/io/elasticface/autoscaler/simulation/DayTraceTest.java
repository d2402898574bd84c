package io.elasticface.autoscaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DayTraceTest {

    static final Path FILE = Path.of("src/test/resources/traces/day.txt");

    @Test
    void committedTraceIsTheGeneratedOne() throws IOException {
        assertThat(Files.readAllLines(FILE)).isEqualTo(DayTrace.lines());
    }
}
