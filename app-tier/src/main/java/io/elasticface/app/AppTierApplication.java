package io.elasticface.app;

import io.elasticface.app.worker.EnginePreload;
import io.elasticface.aws.AwsClientsConfiguration;
import io.elasticface.messaging.MessagingConfiguration;
import io.elasticface.naming.NamingConfiguration;
import io.elasticface.objectstore.ObjectStoreConfiguration;
import io.elasticface.results.ResultsConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The app-tier worker: receives requests, recognises faces, records results, replies. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({AwsClientsConfiguration.class, NamingConfiguration.class, ObjectStoreConfiguration.class,
        MessagingConfiguration.class, ResultsConfiguration.class})
public class AppTierApplication {

    /** Shared defaults first, then this tier's own. */
    public static final String CONFIG_NAMES = "elasticface,app-tier";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AppTierApplication.class)
                .properties("spring.config.name=" + CONFIG_NAMES)
                .initializers(new EnginePreload());
    }
}
