package io.elasticface.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.naming.NamingProperties;
import io.elasticface.testing.StartupFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.Configuration;

/** Each bad autoscaler setting stops start-up with a sentence that names it. */
class AutoscalerSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AutoscalerProperties.class)
    static class Settings {
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            elasticface.autoscaler.max=-1             | elasticface.autoscaler.max (-1) must not be below elasticface.autoscaler.min (0)
            elasticface.autoscaler.min=-1             | elasticface.autoscaler.min = -1: must be greater than or equal to 0.
            elasticface.autoscaler.per-instance=0     | elasticface.autoscaler.per-instance = 0: must be greater than 0.
            elasticface.autoscaler.poll-interval=0s   | elasticface.autoscaler.poll-interval = PT0S: must be
            elasticface.autoscaler.local.stop-timeout=0s | elasticface.autoscaler.local.stop-timeout = PT0S: must be
            """)
    void aBadValueIsNamedInOneSentence(String setting, String sentence) {
        assertThat(StartupFailures.sentence(Settings.class, "--" + setting)).startsWith(sentence);
    }

    @Test
    void anUnknownProviderIsNamed() {
        assertThat(StartupFailures.sentence(Settings.class, "--elasticface.autoscaler.provider=gce"))
                .contains("elasticface.autoscaler").contains("gce");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                     | elasticface:pool | elasticface
            --elasticface.names.id=1234567890                      | elasticface:pool | 1234567890
            --elasticface.autoscaler.ec2.tag-value=blue            | elasticface:pool | blue
            --elasticface.autoscaler.ec2.tag-key=Name --elasticface.autoscaler.ec2.tag-value=app-tier-instance-* | Name | app-tier-instance-*
            """)
    void thePoolIsFoundByTheTagItsPolicyChecks(String args, String key, String value) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        for (String arg : args.isBlank() ? new String[0] : args.split(" ")) {
            String[] kv = arg.substring(2).split("=", 2);
            source.put(kv[0], kv[1]);
        }
        Binder binder = new Binder(source);
        AutoscalerProperties p = binder.bindOrCreate("elasticface.autoscaler", AutoscalerProperties.class);
        NamingProperties names = binder.bindOrCreate("elasticface.names", NamingProperties.class);
        assertThat(p.ec2().tagKey()).isEqualTo(key);
        assertThat(p.ec2().valueFor(names)).isEqualTo(value);
    }
}
