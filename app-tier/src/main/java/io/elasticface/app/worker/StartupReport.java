package io.elasticface.app.worker;

import io.elasticface.app.recognition.EngineLoad;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Where a worker's start-up time went, in two log lines: when the listener started polling (JVM start to Spring,
 * then Spring's context with the gallery), and when the face engine, loading in parallel, was ready (its wait for
 * libtorch, then the nets). An engine that cannot load stops the worker: it could answer nothing, and the requests it
 * received go back to the queue for another.
 */
final class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final EngineLoad engine; // null with the placeholder recognizer

    StartupReport(EngineLoad engine) {
        this.engine = engine;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        long processStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long polling = System.currentTimeMillis() - processStart;
        Duration spring = event.getTimeTaken();
        log.info("Worker polling {} s after its process started: JVM and launcher {} s, Spring context {} s",
                seconds(polling), seconds(Math.max(0, polling - spring.toMillis())), seconds(spring.toMillis()));
        if (engine == null) {
            return;
        }
        engine.whenLoaded().whenComplete((loaded, failure) -> {
            if (failure != null) {
                log.error("The face engine failed to load ({}); stopping this worker", failure.getMessage(), failure);
                Thread stop = new Thread(event.getApplicationContext()::close, "worker-stop");
                stop.start();
                return;
            }
            engine.timings().ifPresent(t -> log.info("Face engine ready {} s after the process started "
                            + "(waited {} s for libtorch, nets {} s, loaded while Spring started), {} polling began",
                    seconds(t.readyAtEpochMillis() - processStart), seconds(t.libtorch().toMillis()),
                    seconds(t.nets().toMillis()),
                    t.readyAtEpochMillis() > processStart + polling ? "after" : "before"));
        });
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }
}
