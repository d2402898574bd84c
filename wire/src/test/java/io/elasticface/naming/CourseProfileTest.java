package io.elasticface.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The {@code cse546} Spring profile, as the tiers load it, derives the course's names from one ID. */
class CourseProfileTest {

    @Configuration(proxyBeanMethods = false)
    @Import(NamingConfiguration.class)
    static class Names {
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(Names.class).web(WebApplicationType.NONE)
                .properties("spring.config.name=elasticface").run(args);
    }

    @Test
    void courseProfileDerivesEveryNameFromTheId() {
        try (ConfigurableApplicationContext context = start("--spring.profiles.active=cse546",
                "--elasticface.names.id=1229123456")) {
            ResourceNames names = context.getBean(ResourceNames.class);
            assertThat(names.inBucket()).isEqualTo("1229123456-in-bucket");
            assertThat(names.requestQueue()).isEqualTo("1229123456-req-queue");
            assertThat(names.responseQueue()).isEqualTo("1229123456-resp-queue");
            assertThat(names.domain()).isEqualTo("1229123456-simpleDB");
            assertThat(context.getEnvironment().getProperty("elasticface.worker.concurrency")).isEqualTo("1");
            assertThat(context.getEnvironment().getProperty("elasticface.autoscaler.max")).isEqualTo("15");
            assertThat(context.getEnvironment().getProperty("elasticface.autoscaler.grace")).isEqualTo("1s");
        }
    }

    @Test
    void withoutTheProfileNamesUseTheDefaultPrefix() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(ResourceNames.class)).isEqualTo(ResourceNames.defaults());
        }
    }
}
