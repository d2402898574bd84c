package io.elasticface.app.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.elasticface.app.engine.Torch;
import io.elasticface.app.engine.weights.FloatWeights;
import io.elasticface.common.wire.WireCodec;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The descriptor of a generated chip agrees with the one face-api.js's own TF.js model computes
 * ({@code model/reference/descriptor.js}, output committed as {@code reference-descriptor.json}).
 */
class ReferenceDescriptorTest {

    @Test
    void agreesWithFaceApiJsOnTheSameChip() throws Exception {
        float[] expected = readReference();
        float[] actual;
        try (NDManager manager = Torch.newManager();
             ResNetDescriptor net =
                     new ResNetDescriptor(manager, FloatWeights.fromClasspath(ResNetDescriptor.WEIGHTS))) {
            actual = net.describe(List.of(referenceChip()))[0];
        }
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        assertThat(actual).hasSize(128);
        assertThat(maxDiff).as("largest difference from the TF.js descriptor").isLessThan(1e-4);
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
            JsonNode descriptor = WireCodec.mapper().readTree(in).get("descriptor");
            float[] values = new float[descriptor.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) descriptor.get(i).asDouble();
            }
            return values;
        }
    }
}
