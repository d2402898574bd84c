package io.elasticface.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether the worker's process begins loading libtorch before Spring reads its settings. */
class EnginePreloadTest {

    @Test
    void theEngineIsTheDefaultSoLibtorchLoadsEarlyUnlessTheCommandLineOrEnvironmentSaysOtherwise() {
        assertThat(EnginePreload.runsEngine(new String[] {"--server.port=0"}, Map.of())).isTrue();
        assertThat(EnginePreload.runsEngine(new String[] {"--elasticface.worker.recognizer=placeholder"}, Map.of()))
                .isFalse();
        assertThat(EnginePreload.runsEngine(new String[0], Map.of("ELASTICFACE_WORKER_RECOGNIZER", "placeholder")))
                .isFalse();
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentAsInSpring() {
        Map<String, String> env = Map.of("ELASTICFACE_WORKER_RECOGNIZER", "placeholder");
        assertThat(EnginePreload.runsEngine(new String[] {"--elasticface.worker.recognizer=engine"}, env)).isTrue();
    }
}
