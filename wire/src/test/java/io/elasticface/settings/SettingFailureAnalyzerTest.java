package io.elasticface.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.naming.NamingConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad setting stops start-up with one sentence that names its key, as a user reads it in the log. */
@ExtendWith(OutputCaptureExtension.class)
class SettingFailureAnalyzerTest {

    @Test
    void anUnknownNamesSchemeStopsStartUpWithOneSentenceNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NamingConfiguration.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off")
                .run("--elasticface.names.scheme=cse999")).isInstanceOf(RuntimeException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("elasticface.names.scheme = cse999: must be 'default' or 'cse546'.")
                .doesNotContain("\tat org.springframework");
    }

    @Test
    void namesKeysAsTheyAreWritten() {
        assertThat(SettingFailureAnalyzer.kebab("replyTimeout")).isEqualTo("reply-timeout");
        assertThat(SettingFailureAnalyzer.kebab("ec2.tagKey")).isEqualTo("ec2.tag-key");
        assertThat(SettingFailureAnalyzer.kebab("max")).isEqualTo("max");
    }
}
