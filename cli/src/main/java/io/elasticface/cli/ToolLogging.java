package io.elasticface.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Logging of the commands that start no Spring application (recognize, describe, workload, simulate, ...):
 * on stderr, so that stdout carries only their results for scripts. The services
 * (local, web, worker, autoscaler) leave logging to Spring Boot, configured by properties alone.
 */
final class ToolLogging {

    private static final Set<String> SERVICES = Set.of("local", "web", "worker", "autoscaler");

    private ToolLogging() {
    }

    /** Sets tool logging up unless the command line starts a service. */
    static void configureFor(String... args) {
        String command = args.length == 0 ? "" : args[0];
        if (!SERVICES.contains(command)) {
            toStandardError();
        }
    }

    private static void toStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} : %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        // DJL reports a missing GPU and its engine settings at every start: noise on this CPU-only tool
        context.getLogger("ai.djl").setLevel(Level.WARN);
        context.getLogger("ai.djl.util.cuda").setLevel(Level.ERROR);
    }
}
