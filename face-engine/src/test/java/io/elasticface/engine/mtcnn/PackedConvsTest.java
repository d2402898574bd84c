package io.elasticface.engine.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.elasticface.engine.Kernels;
import io.elasticface.engine.Torch;
import io.elasticface.engine.weights.Weights;
import org.junit.jupiter.api.Test;

/** The kernels are chosen from {@link MtcnnNets#PACKED_CONVS} before the nets are built: it lists what they pack. */
class PackedConvsTest {

    @Test
    void thePackedConvolutionsListedAreTheOnesTheNetsPack() {
        try (NDManager manager = Torch.newManager();
             MtcnnNets nets = new MtcnnNets(manager, Weights.fromClasspath(MtcnnNets.WEIGHTS), Kernels.PORTABLE)) {
            assertThat(nets.convs()).containsExactlyInAnyOrderElementsOf(MtcnnNets.PACKED_CONVS);
        }
    }
}
