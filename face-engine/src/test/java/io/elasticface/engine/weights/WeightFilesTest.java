package io.elasticface.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
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

/** The weight files are the ones model/README.md names, and the layer layouts read them exactly. */
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
    void layoutsConsumeEveryFloat() throws Exception {
        try (NDManager manager = Torch.newManager()) {
            FloatWeights recogniser = FloatWeights.fromClasspath(ResNetDescriptor.WEIGHTS);
            new ResNetDescriptor(manager, recogniser).close();
            assertThat(recogniser.remaining()).isZero();
            FloatWeights mtcnn = FloatWeights.fromClasspath(MtcnnNets.WEIGHTS);
            new MtcnnNets(manager, mtcnn).close();
            assertThat(mtcnn.remaining()).isZero();
        }
    }

    @Test
    void aFileWithOneFloatTooManyIsRefused() throws Exception {
        byte[] longer = Arrays.copyOf(read(MtcnnNets.WEIGHTS), 1_983_400 + 4);
        try (NDManager manager = Torch.newManager()) {
            assertThatThrownBy(() -> new MtcnnNets(manager, FloatWeights.of("longer", longer)))
                    .hasMessageContaining("1 floats left");
        }
    }

    @Test
    void aFileWithOneFloatTooFewIsRefused() throws Exception {
        byte[] shorter = Arrays.copyOf(read(MtcnnNets.WEIGHTS), 1_983_400 - 4);
        try (NDManager manager = Torch.newManager()) {
            assertThatThrownBy(() -> new MtcnnNets(manager, FloatWeights.of("shorter", shorter)))
                    .hasMessageContaining("only");
        }
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
        try (InputStream in = WeightFilesTest.class.getResourceAsStream(FloatWeights.RESOURCE_DIR + name)) {
            return in.readAllBytes();
        }
    }
}
