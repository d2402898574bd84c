package io.elasticface.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.elasticface.engine.Kernels;
import io.elasticface.engine.Torch;
import io.elasticface.engine.TorchScript;
import io.elasticface.engine.weights.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A descriptor net whose load fails midway frees every libtorch object it had made (those live outside any
 * NDManager, so closing the caller's manager does not free them): a failure is injected after each one.
 */
class FailedLoadTest {

    @ParameterizedTest(name = "failing after native step {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aLoadFailingMidwayLeavesNoNativeObjectOpen(int failAt) {
        int before = TorchScript.openNativeObjects();
        try (NDManager manager = Torch.newManager()) {
            Kernels kernels = Kernels.AUTO.resolve(manager);
            assertThatThrownBy(() -> new ResNetDescriptor(manager, Weights.fromClasspath(ResNetDescriptor.WEIGHTS),
                    kernels, step -> {
                        if (step == failAt) {
                            throw new IllegalStateException("injected after step " + step);
                        }
                    })).hasMessage("injected after step " + failAt);
        }
        assertThat(TorchScript.openNativeObjects()).as("open libtorch objects").isEqualTo(before);
    }

    @Test
    void aLoadThatSucceedsAndClosesLeavesNothingOpen() {
        int before = TorchScript.openNativeObjects();
        try (NDManager manager = Torch.newManager();
             ResNetDescriptor net = new ResNetDescriptor(manager, Weights.fromClasspath(ResNetDescriptor.WEIGHTS),
                     Kernels.AUTO.resolve(manager))) {
            assertThat(TorchScript.openNativeObjects()).isGreaterThan(before);
        }
        assertThat(TorchScript.openNativeObjects()).isEqualTo(before);
    }
}
