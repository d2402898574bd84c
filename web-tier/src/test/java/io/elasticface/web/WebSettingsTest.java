package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.testing.StartupFailures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Each bad web-tier setting stops start-up with a sentence that names it. */
class WebSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WebProperties.class)
    static class Settings {
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            elasticface.web.reply-timeout=0s        | elasticface.web.reply-timeout = PT0S: must be
            elasticface.web.reply-timeout=-5s       | elasticface.web.reply-timeout = PT-5S: must be
            elasticface.web.max-pixels=-1           | elasticface.web.max-pixels = -1: must be greater than 0.
            elasticface.web.reply-poll-timeout=30s  | elasticface.web.reply-poll-timeout = PT30S: must be
            elasticface.web.max-upload=0B           | elasticface.web.max-upload must be more than 0 bytes
            elasticface.web.upload-timeout=0s       | elasticface.web.upload-timeout = PT0S: must be
            elasticface.web.max-upload=2GB          | elasticface.web.max-upload must be at most 1GB: uploads are held in memory
            """)
    void aBadValueIsNamedInOneSentence(String setting, String sentence) {
        assertThat(StartupFailures.sentence(Settings.class, "--" + setting)).startsWith(sentence);
    }
}
