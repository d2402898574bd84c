package io.elasticface.results;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where results are recorded.
 *
 * @param store      {@code simpledb} (AWS; the default) or {@code directory} (local mode, compose)
 * @param directory  the directory of the {@code directory} store
 */
@ConfigurationProperties("elasticface.results")
public record ResultsProperties(String store, Path directory) {

    public ResultsProperties {
        store = store == null || store.isBlank() ? "simpledb" : store;
        directory = directory == null ? Path.of(".elasticface", "results") : directory;
    }
}
