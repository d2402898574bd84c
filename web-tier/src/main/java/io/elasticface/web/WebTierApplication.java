package io.elasticface.web;

import io.elasticface.aws.AwsClientsConfiguration;
import io.elasticface.messaging.ListenerClientConfiguration;
import io.elasticface.messaging.MessagingConfiguration;
import io.elasticface.naming.NamingConfiguration;
import io.elasticface.objectstore.ObjectStoreConfiguration;
import io.elasticface.results.ResultsConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The web tier: accepts photos, queues requests, answers with the workers' replies. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({AwsClientsConfiguration.class, NamingConfiguration.class, ObjectStoreConfiguration.class,
        MessagingConfiguration.class, ListenerClientConfiguration.class, ResultsConfiguration.class})
public class WebTierApplication {

    /** Shared defaults first, then this tier's own. */
    public static final String CONFIG_NAMES = "elasticface,web-tier";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WebTierApplication.class)
                .properties("spring.config.name=" + CONFIG_NAMES);
    }

    static SpringApplication application() {
        return builder().build();
    }
}
