package io.elasticface.autoscaler;

import io.elasticface.aws.AwsClientsConfiguration;
import io.elasticface.naming.NamingConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The autoscaler service: the control loop on a timer, metrics at {@code /actuator/prometheus}. */
@SpringBootApplication
@EnableConfigurationProperties(AutoscalerProperties.class)
@Import({AwsClientsConfiguration.class, NamingConfiguration.class})
public class AutoscalerApplication {

    /** Shared defaults first, then this service's own. */
    public static final String CONFIG_NAMES = "elasticface,autoscaler";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AutoscalerApplication.class)
                .properties("spring.config.name=" + CONFIG_NAMES);
    }
}
