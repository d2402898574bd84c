package io.elasticface.testing;

import io.elasticface.settings.SettingFailureAnalyzer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Starts a Spring context that must fail, and tells what a user reads about it. */
public final class StartupFailures {

    private StartupFailures() {
    }

    /**
     * The sentence printed when the configuration classes fail to start with these arguments.
     *
     * @throws AssertionError when the context starts, or fails in a way no sentence describes
     */
    public static String sentence(Class<?> configuration, String... args) {
        Throwable failure;
        try (var context = new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=off").run(args)) {
            throw new AssertionError("started, although the settings " + String.join(" ", args) + " are invalid");
        } catch (RuntimeException e) {
            failure = e;
        }
        FailureAnalysis analysis = new SettingFailureAnalyzer().analyze(failure);
        if (analysis == null) {
            throw new AssertionError("no sentence for this failure", failure);
        }
        return analysis.getDescription();
    }
}
