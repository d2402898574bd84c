package io.elasticface.results;

import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where results are recorded.
 *
 * @param store      {@code simpledb} (AWS; the default) or {@code directory} (local mode, compose)
 * @param directory  the directory of the {@code directory} store
 */
@Validated
@ConfigurationProperties("elasticface.results")
public record ResultsProperties(
        @DefaultValue("simpledb")
        @Pattern(regexp = "simpledb|directory", message = "must be 'simpledb' or 'directory'") String store,
        @DefaultValue(".elasticface/results") Path directory) {
}
