package io.elasticface.settings;

import java.util.Locale;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a bad {@code elasticface.*} setting into one sentence that names the key, instead of a binding
 * report or a stack trace: {@code elasticface.autoscaler.max = -1: must be greater than or equal to 0.}
 * Ordered before Spring Boot's own analyzers, which it replaces for these settings only.
 */
public class SettingFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    private static final String PREFIX = "elasticface.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String prefix = cause.getName().toString();
        if (!prefix.startsWith(PREFIX)) {
            return null;
        }
        String sentence = sentence(prefix, cause);
        return new FailureAnalysis(sentence, "Fix that setting (a --key=value argument, an environment variable "
                + "such as ELASTICFACE_..., or a properties file) and start again.", cause);
    }

    private static String sentence(String prefix, BindException cause) {
        if (cause.getCause() instanceof BindValidationException invalid
                && !invalid.getValidationErrors().getAllErrors().isEmpty()) {
            ObjectError error = invalid.getValidationErrors().getAllErrors().get(0);
            if (error instanceof FieldError field) {
                return prefix + "." + kebab(field.getField()) + " = " + field.getRejectedValue() + ": "
                        + field.getDefaultMessage() + ".";
            }
            return prefix + ": " + error.getDefaultMessage() + ".";
        }
        // a record's constructor names the key itself; otherwise say what the deepest cause says
        String deepest = cause.getMessage();
        for (Throwable t = cause.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith(PREFIX)) {
                return t.getMessage() + (t.getMessage().endsWith(".") ? "" : ".");
            }
            deepest = t.getMessage() == null ? deepest : t.getMessage();
        }
        return "A setting under " + prefix + " is invalid: " + deepest;
    }

    /** {@code replyTimeout} → {@code reply-timeout}, {@code ec2.tagKey} → {@code ec2.tag-key}. */
    static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
