package io.elasticface.app.recognition;

import io.elasticface.engine.EngineSettings;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.Torch;
import io.elasticface.engine.gallery.Gallery;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face engine, loading on a thread of its own from the moment it is started: libtorch and the nets load
 * while the rest of the worker starts and its listener begins to poll, and the first request waits for them.
 * It records how long each stage took, for the worker's start-up report.
 */
public final class EngineLoad implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineLoad.class);

    /**
     * How long this load waited for libtorch (the native library; less when {@link #startNativeLoad} began it
     * earlier) and took for the nets, and when the engine was ready.
     */
    public record Timings(Duration libtorch, Duration nets, long readyAtEpochMillis) {
    }

    private final CompletableFuture<FaceEngine> engine = new CompletableFuture<>();
    private volatile Timings timings;

    private EngineLoad() {
    }

    /** Starts loading on a new daemon thread and returns at once. */
    public static EngineLoad start(EngineSettings settings) {
        EngineLoad load = new EngineLoad();
        Thread thread = new Thread(() -> load.run(settings), "face-engine-load");
        thread.setDaemon(true);
        thread.start();
        return load;
    }

    /**
     * Starts loading libtorch alone on a daemon thread, for a process that will start the engine soon and does
     * not know its settings yet: the worker's process begins it before Spring, so the library loads while Spring
     * reads the settings and {@link #start} finds it loaded or loading (DJL loads it once per process). A failure
     * is left for {@link #start} to meet and report.
     */
    public static void startNativeLoad() {
        Thread thread = new Thread(() -> {
            try {
                JdkNatives.link();
                Torch.newManager().close();
            } catch (RuntimeException | Error e) {
                log.debug("Early libtorch load failed; the engine's load reports it", e);
            }
        }, "libtorch-load");
        thread.setDaemon(true);
        thread.start();
    }

    /** An engine already loaded (tests, tools). */
    public static EngineLoad of(FaceEngine engine) {
        EngineLoad load = new EngineLoad();
        load.engine.complete(engine);
        return load;
    }

    private void run(EngineSettings settings) {
        try {
            long start = System.nanoTime();
            JdkNatives.link();
            Torch.newManager().close(); // the native library and the engine's settings, once per process
            long nativeLoaded = System.nanoTime();
            FaceEngine loaded = new FaceEngine(settings, Gallery.empty());
            long end = System.nanoTime();
            timings = new Timings(Duration.ofNanos(nativeLoaded - start), Duration.ofNanos(end - nativeLoaded),
                    System.currentTimeMillis());
            engine.complete(loaded);
        } catch (RuntimeException | Error e) {
            engine.completeExceptionally(e);
        }
    }

    /**
     * The engine, waiting for it if it is still loading.
     *
     * @throws IllegalStateException when it failed to load
     */
    public FaceEngine await() {
        try {
            return engine.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the face engine failed to load: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** Completes with the engine, or with the reason it could not load. */
    public CompletableFuture<FaceEngine> whenLoaded() {
        return engine.copy();
    }

    /** The engine if it has loaded by now. */
    public Optional<FaceEngine> now() {
        return engine.isDone() && !engine.isCompletedExceptionally() ? Optional.of(engine.join()) : Optional.empty();
    }

    /** Present once the engine has loaded. */
    public Optional<Timings> timings() {
        return Optional.ofNullable(timings);
    }

    /** Closes the engine, now or as soon as it has loaded. */
    @Override
    public void close() {
        engine.thenAccept(FaceEngine::close);
    }
}
