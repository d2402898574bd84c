package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import io.elasticface.engine.descriptor.ResNetDescriptor;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.mtcnn.MtcnnNets;
import io.elasticface.engine.weights.Weights;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A load that fails midway frees every native object it made. DJL's managers own the arrays and the
 * compiled modules, which live in the managers that hold the weights' arrays: every root manager hangs under
 * DJL's system manager, so a manager left open shows as arrays left under it. Nothing owns the script values
 * (IValues): TorchScript counts them.
 */
class FailedLoadTest {

    private static NDManager system;

    @BeforeAll
    static void findTheSystemManager() {
        try (NDManager root = Torch.newManager()) {
            system = root.getParentManager();
            // which nets this libtorch runs is detected once per process: a failure injected into that probe
            // would choose the portable nets for every later test
            Kernels.AUTO.resolve(root, MtcnnNets.PACKED_CONVS);
            Kernels.AUTO.resolve(root, ResNetDescriptor.PACKED_CONVS);
        }
    }

    @AfterEach
    void disarm() {
        TorchScript.failCreationAfter(-1);
    }

    @Test
    void aFailureAtEveryNativeStepOfAnEnginesLoadLeavesNothingOpen() {
        int failures = 0;
        List<String> leaks = new ArrayList<>();
        for (int step = 0; step < 100; step++) {
            int arrays = system.getManagedArrays().size();
            int values = TorchScript.openValues();
            TorchScript.failCreationAfter(step);
            try {
                new FaceEngine(EngineSettings.defaults(), Gallery.empty()).close();
                break; // the load needs fewer native steps than this: each one has failed once
            } catch (EngineException e) {
                assertThat(e).hasMessageContaining("injected failure");
                failures++;
            } finally {
                TorchScript.failCreationAfter(-1);
            }
            int leftValues = TorchScript.openValues() - values;
            int leftArrays = system.getManagedArrays().size() - arrays;
            if (leftValues != 0 || leftArrays != 0) {
                leaks.add("step " + step + ": " + leftValues + " values, " + leftArrays + " arrays");
            }
        }
        // both nets: compile, weights and their packing; the second net's steps come after the first is built
        assertThat(failures).isGreaterThan(15).isLessThan(100);
        assertThat(leaks).as("what a load failing at each native step left open").isEmpty();
    }

    @Test
    void aLoadACallAndACloseLeaveNothingOpen() throws Exception {
        int arrays = system.getManagedArrays().size();
        int values = TorchScript.openValues();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR), "png", png);
        try (FaceEngine engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty())) {
            int loaded = TorchScript.openValues();
            assertThat(engine.describe(png.toByteArray())).isEmpty();
            assertThat(TorchScript.openValues()).as("values open after a call").isEqualTo(loaded);
        }
        assertThat(TorchScript.openValues()).as("values open").isEqualTo(values);
        assertThat(system.getManagedArrays()).as("arrays left").hasSize(arrays);
    }

    @ParameterizedTest
    @ValueSource(strings = {MtcnnNets.WEIGHTS, ResNetDescriptor.WEIGHTS})
    void aBrokenWeightFileFailsTheLoadAndLeavesNothingOutsideTheCallersManager(String model) throws IOException {
        byte[] manifest = resource(model + ".manifest.json");
        byte[] file = resource(model + ".weights");
        ObjectNode renamed = parse(manifest);
        ((ObjectNode) tensors(renamed).get(tensors(renamed).size() / 2)).put("name", "renamed");
        assertFailsCleanly(model, Weights.of(model, bytes(renamed), file), "has no tensor");

        ObjectNode reshaped = parse(manifest);
        ArrayNode shape = (ArrayNode) tensors(reshaped).get(tensors(reshaped).size() - 1).get("shape");
        shape.insert(0, 1); // as many floats, one more dimension
        assertFailsCleanly(model, Weights.of(model, bytes(reshaped), file), "not [");

        ObjectNode extra = parse(manifest);
        tensors(extra).addObject().put("name", "unused").putArray("shape").add(1);
        assertFailsCleanly(model, Weights.of(model, bytes(extra), Arrays.copyOf(file, file.length + 4)),
                "tensors never used: [unused]");

        assertThatThrownBy(() -> Weights.of(model, manifest, Arrays.copyOf(file, file.length / 2)))
                .hasMessageContaining("the manifest describes");
    }

    /** The net fails with that message; its arrays are in the manager it was given, and only its values were open. */
    private static void assertFailsCleanly(String model, Weights weights, String message) {
        int arrays = system.getManagedArrays().size();
        int values = TorchScript.openValues();
        Function<NDManager, AutoCloseable> load = m -> model.equals(MtcnnNets.WEIGHTS)
                ? new MtcnnNets(m, weights, Kernels.AUTO.resolve(m, MtcnnNets.PACKED_CONVS))
                : new ResNetDescriptor(m, weights, Kernels.AUTO.resolve(m, ResNetDescriptor.PACKED_CONVS));
        try (NDManager root = Torch.newManager()) {
            assertThatThrownBy(() -> load.apply(root)).hasMessageContaining(message);
            assertThat(TorchScript.openValues()).as("values open").isEqualTo(values);
            assertThat(system.getManagedArrays()).as("arrays outside the given manager")
                    .hasSize(arrays + root.getManagedArrays().size());
        }
        assertThat(system.getManagedArrays()).as("arrays left").hasSize(arrays);
    }

    private static ObjectNode parse(byte[] manifest) {
        return (ObjectNode) JsonMapper.builder().build().readTree(manifest);
    }

    private static ArrayNode tensors(ObjectNode manifest) {
        return (ArrayNode) manifest.get("weights");
    }

    private static byte[] bytes(ObjectNode manifest) {
        return JsonMapper.builder().build().writeValueAsBytes(manifest);
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = FailedLoadTest.class.getResourceAsStream(Weights.RESOURCE_DIR + file)) {
            return in.readAllBytes();
        }
    }
}
