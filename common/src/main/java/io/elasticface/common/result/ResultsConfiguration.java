package io.elasticface.common.result;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link ResultStore} of a tier, chosen by {@code elasticface.results.store}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResultsProperties.class)
public class ResultsConfiguration {

    @Bean
    ResultStore resultStore(ResultsProperties properties) {
        ResultStore store = switch (properties.store()) {
            case "directory" -> new DirectoryResultStore(properties.directory());
            default -> throw new IllegalArgumentException("elasticface.results.store must be 'simpledb' or "
                    + "'directory', not '" + properties.store() + "'");
        };
        store.ensureExists();
        return store;
    }
}
