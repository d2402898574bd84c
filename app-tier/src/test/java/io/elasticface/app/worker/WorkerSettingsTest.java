package io.elasticface.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.results.ResultsProperties;
import io.elasticface.testing.StartupFailures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Each bad worker setting stops start-up with a sentence that names it. */
class WorkerSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({WorkerProperties.class, EngineProperties.class, ResultsProperties.class})
    static class Settings {
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            elasticface.worker.concurrency=-2       | elasticface.worker.concurrency = -2: must be greater than or equal to 0.
            elasticface.worker.drain-timeout=0s     | elasticface.worker.drain-timeout = PT0S: must be
            elasticface.worker.poll-timeout=21s     | elasticface.worker.poll-timeout = PT21S: must be
            elasticface.worker.recognizer=magic     | elasticface.worker.recognizer = magic: must be 'engine' or 'placeholder'.
            elasticface.engine.threshold=0          | elasticface.engine.threshold = 0.0: must be greater than 0.
            elasticface.engine.gallery-refresh=0s   | elasticface.engine.gallery-refresh = PT0S: must be
            elasticface.results.store=dynamodb      | elasticface.results.store = dynamodb: must be 'simpledb', 'objects' or 'directory'.
            """)
    void aBadValueIsNamedInOneSentence(String setting, String sentence) {
        assertThat(StartupFailures.sentence(Settings.class, "--" + setting)).startsWith(sentence);
    }
}
