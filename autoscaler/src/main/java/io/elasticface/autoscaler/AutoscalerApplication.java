package io.elasticface.autoscaler;

import io.elasticface.common.aws.AwsProperties;
import io.elasticface.common.naming.NamingProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The autoscaler service: the control loop on a timer, metrics at {@code /actuator/prometheus}. */
@SpringBootApplication
@EnableConfigurationProperties({AutoscalerProperties.class, AwsProperties.class, NamingProperties.class})
public class AutoscalerApplication {

    /** Shared settings live in {@code elasticface.properties}, this service's defaults in {@code autoscaler.properties}. */
    public static final String CONFIG_NAME = "spring.config.name=elasticface,autoscaler";

    public static void main(String[] args) {
        new SpringApplicationBuilder(AutoscalerApplication.class).properties(CONFIG_NAME).run(args);
    }
}
