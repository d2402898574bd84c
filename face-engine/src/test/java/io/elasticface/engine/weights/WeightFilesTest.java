package io.elasticface.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.elasticface.engine.Kernels;
import io.elasticface.engine.Torch;
import io.elasticface.engine.descriptor.ResNetDescriptor;
import io.elasticface.engine.mtcnn.MtcnnNets;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The weight files are the ones model/README.md names, and the nets take their tensors by name, every one. */
class WeightFilesTest {

    @ParameterizedTest
    @CsvSource({
        "face_recognition_model.weights, 22458368, 58c8187ed18a12c127e88a5ade737163324f855c03932ecdd7f7a21f5b321bdf",
        "mtcnn_model.weights, 1983400, 20f4d3ac278e42e9a079453441533ec4e79bb6bd2e7cf7bd33e34ee123d674cb",
    })
    void filesMatchTheirProvenance(String name, long size, String sha256) throws Exception {
        byte[] bytes = read(name);
        assertThat((long) bytes.length).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(sha256);
    }

    @Test
    void theNetsTakeEveryTensorByName() {
        try (NDManager manager = Torch.newManager()) {
            // each constructor ends with requireAllTaken()
            new ResNetDescriptor(manager, Weights.fromClasspath(ResNetDescriptor.WEIGHTS), Kernels.FUSED).close();
            new MtcnnNets(manager, Weights.fromClasspath(MtcnnNets.WEIGHTS), Kernels.FUSED).close();
        }
    }

    @Test
    void aFileWithOneFloatTooManyOrTooFewForItsManifestIsRefused() throws Exception {
        byte[] manifest = read(MtcnnNets.WEIGHTS + ".manifest.json");
        byte[] weights = read(MtcnnNets.WEIGHTS + ".weights");
        assertThatThrownBy(() -> Weights.of("longer", manifest, Arrays.copyOf(weights, weights.length + 4)))
                .hasMessageContaining("the manifest describes 495850 floats, the file holds 495851");
        assertThatThrownBy(() -> Weights.of("shorter", manifest, Arrays.copyOf(weights, weights.length - 4)))
                .hasMessageContaining("the file holds 495849");
    }

    @Test
    void tensorsAreBoundByNameWhereverTheyStand() {
        // a: [1, 2] then b: [3]; the same tensors listed the other way round in another file
        byte[] ab = floats(1, 2, 3);
        byte[] ba = floats(3, 1, 2);
        Weights first = Weights.of("ab", manifest("a", "[2]", "b", "[1]"), ab);
        Weights second = Weights.of("ba", manifest("b", "[1]", "a", "[2]"), ba);

        for (Weights w : new Weights[] {first, second}) {
            assertThat(w.take("a", 2)).containsExactly(1, 2);
            assertThat(w.take("b", 1)).containsExactly(3);
            w.requireAllTaken();
        }
    }

    @Test
    void anUnknownNameAWrongShapeOrAnUnusedTensorIsAnError() {
        Weights w = Weights.of("ab", manifest("a", "[2]", "b", "[1]"), floats(1, 2, 3));

        assertThatThrownBy(() -> w.take("c", 1)).hasMessageContaining("has no tensor c");
        assertThatThrownBy(() -> w.take("a", 1, 2)).hasMessageContaining("a is [2], not [1, 2]");
        w.take("a", 2);
        assertThatThrownBy(w::requireAllTaken).hasMessageContaining("tensors never used: [b]");
    }

    private static byte[] manifest(String a, String aShape, String b, String bShape) {
        return ("{\"weights\": [{\"name\": \"" + a + "\", \"shape\": " + aShape + "}, {\"name\": \"" + b
                + "\", \"shape\": " + bShape + "}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] floats(float... values) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    @Test
    void hwioFiltersBecomeOihw() {
        // kh=1, kw=2, in=2, out=3: value encodes (y, x, i, o) as y*1000 + x*100 + i*10 + o.
        float[] hwio = new float[12];
        for (int x = 0; x < 2; x++) {
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    hwio[(x * 2 + i) * 3 + o] = x * 100 + i * 10 + o;
                }
            }
        }
        float[] oihw = Layouts.hwioToOihw(hwio, 1, 2, 2, 3);
        assertThat(oihw[((2 * 2 + 1) * 1) * 2 + 1]).isEqualTo(112f); // o=2, i=1, y=0, x=1
        assertThat(oihw[0]).isEqualTo(0f);
    }

    @Test
    void nhwcFlattenedRowsAreReorderedForNchw() {
        // h=1, w=2, c=2, out=1: NHWC row (x, c) -> NCHW row (c, x).
        float[] m = {0, 1, 10, 11}; // rows (x0c0, x0c1, x1c0, x1c1)
        assertThat(Layouts.nhwcRowsToNchw(m, 1, 2, 2, 1)).containsExactly(0, 10, 1, 11);
    }

    private static byte[] read(String name) throws Exception {
        try (InputStream in = WeightFilesTest.class.getResourceAsStream(Weights.RESOURCE_DIR + name)) {
            return in.readAllBytes();
        }
    }
}
