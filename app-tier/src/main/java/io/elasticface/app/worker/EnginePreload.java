package io.elasticface.app.worker;

import io.elasticface.app.recognition.EngineLoad;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Starts loading the face engine as soon as the worker's settings are known, before Spring reads its
 * configuration: libtorch and the nets (over a second) load on their own threads while Spring builds the context
 * and the listener starts polling. The load is a bean for {@link WorkerConfiguration}, and is closed with the
 * context, or when the context fails before the recognizer that owns it exists.
 */
public final class EnginePreload implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String RECOGNIZER = "elasticface.worker.recognizer";

    /**
     * Begins loading libtorch before Spring starts, when the worker will run the engine as far as its command line,
     * system properties and environment say (a setting only in a file is seen by {@link #initialize}, and at worst
     * a placeholder worker loaded a library it does not use). Spring's start until this initializer runs is about
     * half a second of a worker's start (BENCHMARKS.md, "Spring AOT for the worker").
     */
    public static void startEarly(String[] args, Map<String, String> env) {
        if (runsEngine(args, env)) {
            EngineLoad.startNativeLoad();
        }
    }

    static boolean runsEngine(String[] args, Map<String, String> env) {
        String prefix = "--" + RECOGNIZER + "=";
        String recognizer = Arrays.stream(args).filter(a -> a.startsWith(prefix)).findFirst()
                .map(a -> a.substring(prefix.length()))
                .orElse(System.getProperty(RECOGNIZER, env.getOrDefault("ELASTICFACE_WORKER_RECOGNIZER", "engine")));
        return "engine".equals(recognizer);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Binder binder = Binder.get(context.getEnvironment());
        String recognizer = binder.bind(RECOGNIZER, String.class).orElse("engine");
        if (!"engine".equals(recognizer)) {
            return;
        }
        // bound again, and validated, as the EngineProperties bean: a bad value still stops the worker there
        EngineProperties engine = binder.bindOrCreate("elasticface.engine", EngineProperties.class);
        EngineLoad load = EngineLoad.start(WorkerConfiguration.engineSettings(engine));
        context.getBeanFactory().registerSingleton("engineLoad", load);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent || event instanceof ApplicationFailedEvent) {
                load.close();
            }
        });
    }
}
