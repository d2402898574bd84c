package io.elasticface.results;

import io.elasticface.aws.AwsClients;
import io.elasticface.naming.ResourceNames;
import io.elasticface.objectstore.ObjectStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link ResultStore} of a tier, chosen by {@code elasticface.results.store}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResultsProperties.class)
public class ResultsConfiguration {

    @Bean
    ResultStore resultStore(ResultsProperties properties, AwsClients aws, ResourceNames names,
                            ObjectProvider<ObjectStore> objects) {
        return switch (properties.store()) {
            case "directory" -> {
                DirectoryResultStore store = new DirectoryResultStore(properties.directory());
                store.ensureExists();
                yield store;
            }
            // the domain is provisioned (CloudFormation): the tiers' IAM roles may not create it
            case "simpledb" -> new SimpleDbResultStore(SimpleDbResultStore.client(aws), names.domain(),
                    Clock.systemUTC());
            case "objects" -> new ObjectResultStore(objects.getObject(), names.galleryBucket());
            default -> throw new IllegalArgumentException("elasticface.results.store must be 'simpledb', "
                    + "'objects' or 'directory', not '" + properties.store() + "'");
        };
    }
}
