package io.elasticface.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.elasticface.engine.Kernels;
import io.elasticface.engine.Torch;
import io.elasticface.engine.weights.Weights;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The descriptor of a generated chip agrees with the one face-api.js's own TF.js model computes
 * ({@code model/reference/descriptor.js}, output committed as {@code reference-descriptor.json}).
 */
class ReferenceDescriptorTest {

    /** The kernels are chosen from PACKED_CONVS before the net is built: it must list what the net builds. */
    @Test
    void thePackedConvolutionsListedAreTheOnesTheNetBuilds() {
        try (NDManager manager = Torch.newManager();
             ResNetDescriptor net = new ResNetDescriptor(manager, Weights.fromClasspath(ResNetDescriptor.WEIGHTS),
                     Kernels.PORTABLE)) {
            assertThat(net.convs()).containsExactlyInAnyOrderElementsOf(ResNetDescriptor.PACKED_CONVS);
        }
    }

    @Test
    void agreesWithFaceApiJsOnTheSameChip() throws Exception {
        float[] expected = readReference();
        float[] actual;
        try (NDManager manager = Torch.newManager();
             ResNetDescriptor net =
                     new ResNetDescriptor(manager, Weights.fromClasspath(ResNetDescriptor.WEIGHTS), Kernels.FUSED)) {
            actual = net.describe(List.of(referenceChip()))[0];
        }
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        assertThat(actual).hasSize(128);
        System.out.printf("largest difference from the TF.js descriptor: %.2e%n", maxDiff);
        assertThat(maxDiff).as("largest difference from the TF.js descriptor").isLessThan(1e-4);
    }

    /** Weights are packed for one chip at a time; a batch must give each chip the descriptor it gets alone. */
    @Test
    void aBatchGivesEachChipItsOwnDescriptor() {
        float[] reference = referenceChip();
        float[] mirrored = new float[reference.length];
        int n = ResNetDescriptor.CHIP;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    mirrored[(c * n + y) * n + x] = reference[(c * n + y) * n + (n - 1 - x)];
                }
            }
        }
        try (NDManager manager = Torch.newManager();
             ResNetDescriptor net =
                     new ResNetDescriptor(manager, Weights.fromClasspath(ResNetDescriptor.WEIGHTS), Kernels.FUSED)) {
            float[][] batch = net.describe(List.of(reference, mirrored, reference));
            float[] alone = net.describe(List.of(reference))[0];
            float[] mirroredAlone = net.describe(List.of(mirrored))[0];
            assertThat(batch).hasDimensions(3, 128);
            for (int i = 0; i < 128; i++) {
                assertThat(batch[0][i]).isCloseTo(alone[i], within(1e-5f));
                assertThat(batch[1][i]).isCloseTo(mirroredAlone[i], within(1e-5f));
                assertThat(batch[2][i]).isCloseTo(alone[i], within(1e-5f));
            }
            assertThat(distance(alone, mirroredAlone)).as("two different chips").isGreaterThan(0.01);
        }
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    /** The chip descriptor.js generates: 150x150 RGB, planar here. */
    static float[] referenceChip() {
        int n = ResNetDescriptor.CHIP;
        float[] chip = new float[3 * n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                for (int c = 0; c < 3; c++) {
                    chip[(c * n + y) * n + x] = (x * 7 + y * 13 + c * 71 + ((x * y) % 31) * 5) % 256;
                }
            }
        }
        return chip;
    }

    private static float[] readReference() throws Exception {
        try (InputStream in = ReferenceDescriptorTest.class.getResourceAsStream("reference-descriptor.json")) {
            JsonNode descriptor = new ObjectMapper().readTree(in).get("descriptor");
            float[] values = new float[descriptor.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) descriptor.get(i).asDouble();
            }
            return values;
        }
    }
}
