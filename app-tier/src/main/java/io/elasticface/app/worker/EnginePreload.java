package io.elasticface.app.worker;

import io.elasticface.app.recognition.EngineLoad;
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

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Binder binder = Binder.get(context.getEnvironment());
        String recognizer = binder.bind("elasticface.worker.recognizer", String.class).orElse("engine");
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
