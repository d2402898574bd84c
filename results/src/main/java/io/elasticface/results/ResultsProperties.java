package io.elasticface.results;

import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where results are recorded.
 *
 * @param store      {@code simpledb} (AWS; the default), {@code objects} (AWS without SimpleDB: JSON objects
 *                   in the gallery bucket, readable by every web tier) or {@code directory} (one machine:
 *                   local mode, compose)
 * @param directory  the directory of the {@code directory} store
 */
@Validated
@ConfigurationProperties("elasticface.results")
public record ResultsProperties(
        @DefaultValue("simpledb")
        @Pattern(regexp = "simpledb|objects|directory", message = "must be 'simpledb', 'objects' or 'directory'")
        String store,
        @DefaultValue(".elasticface/results") Path directory) {
}
