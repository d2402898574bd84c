package io.elasticface.results;

import io.elasticface.aws.AwsClients;
import io.elasticface.naming.ResourceNames;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link ResultStore} of a tier, chosen by {@code elasticface.results.store}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResultsProperties.class)
public class ResultsConfiguration {

    @Bean
    ResultStore resultStore(ResultsProperties properties, AwsClients aws, ResourceNames names) {
        return switch (properties.store()) {
            case "directory" -> {
                DirectoryResultStore store = new DirectoryResultStore(properties.directory());
                store.ensureExists();
                yield store;
            }
            // the domain is provisioned (CloudFormation): the tiers' IAM roles may not create it
            case "simpledb" -> new SimpleDbResultStore(SimpleDbResultStore.client(aws), names.domain(),
                    Clock.systemUTC());
            default -> throw new IllegalArgumentException("elasticface.results.store must be 'simpledb' or "
                    + "'directory', not '" + properties.store() + "'");
        };
    }
}
