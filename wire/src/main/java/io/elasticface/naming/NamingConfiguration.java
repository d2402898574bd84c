package io.elasticface.naming;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link ResourceNames} of a tier, derived once from {@code elasticface.names.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NamingProperties.class)
public class NamingConfiguration {

    @Bean
    ResourceNames resourceNames(NamingProperties naming) {
        return ResourceNames.derive(naming);
    }
}
