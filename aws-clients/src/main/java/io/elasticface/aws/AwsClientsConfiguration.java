package io.elasticface.aws;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link AwsClients} factory of a tier, from {@code elasticface.aws.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AwsProperties.class)
public class AwsClientsConfiguration {

    @Bean
    AwsClients awsClients(AwsProperties properties) {
        return new AwsClients(properties);
    }
}
