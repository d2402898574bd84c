package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import io.elasticface.engine.descriptor.ResNetDescriptor;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryBuilder;
import io.elasticface.engine.mtcnn.MtcnnNets;
import io.elasticface.engine.weights.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portable nets (plain convolutions, for libtorch builds without oneDNN's fused convolution, such as
 * macOS on Apple silicon) forced on this machine, against the fused nets it runs by default: the same faces,
 * descriptors within 1e-4, the same names.
 */
public class PortableKernelsTest {

    private static final double MAX_DIFFERENCE = 1e-4;

    private static FaceEngine fused;
    private static FaceEngine portable;

    @BeforeAll
    static void start() {
        fused = new FaceEngine(EngineSettings.defaults().withKernels(Kernels.FUSED), Gallery.empty());
        portable = new FaceEngine(EngineSettings.defaults().withKernels(Kernels.PORTABLE), Gallery.empty());
    }

    @AfterAll
    static void stop() {
        fused.close();
        portable.close();
    }

    @Test
    void thisLibtorchHasTheFusedConvolutionAndAutoPicksItForEachNetWhereItAgreesWithThePlainOne() {
        try (NDManager manager = Torch.newManager()) {
            for (List<TorchScript.Conv> net : List.of(MtcnnNets.PACKED_CONVS, ResNetDescriptor.PACKED_CONVS)) {
                double difference = TorchScript.fusedConvolutionDifference(manager, net);
                assertThat(difference).as("the fused convolution exists in this libtorch").isFinite();
                assertThat(Kernels.AUTO.resolve(manager, net)).isEqualTo(difference <= MAX_DIFFERENCE
                        ? Kernels.FUSED : Kernels.PORTABLE);
            }
        }
    }

    /**
     * Where the detector's fused kernels compute something else on this CPU, the engine never runs them there:
     * nothing to compare.
     */
    public static void assumeFusedAgrees() {
        try (NDManager manager = Torch.newManager()) {
            double difference = TorchScript.fusedConvolutionDifference(manager, MtcnnNets.PACKED_CONVS);
            assumeTrue(difference <= MAX_DIFFERENCE, "oneDNN's fused convolution on reordered weights is "
                    + difference + " from the plain one for the detector's shapes on this CPU; the engine runs "
                    + "the portable detector here");
        }
    }

    @Test
    void portableDescriptorsOfTheSameChipsAreWithinTheTolerance() {
        Random random = new Random(11);
        List<float[]> chips = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            float[] chip = new float[3 * ResNetDescriptor.CHIP * ResNetDescriptor.CHIP];
            for (int i = 0; i < chip.length; i++) {
                chip[i] = random.nextInt(256);
            }
            chips.add(chip);
        }
        try (NDManager manager = Torch.newManager();
             ResNetDescriptor a = new ResNetDescriptor(manager,
                     Weights.fromClasspath(ResNetDescriptor.WEIGHTS), Kernels.FUSED);
             ResNetDescriptor b = new ResNetDescriptor(manager,
                     Weights.fromClasspath(ResNetDescriptor.WEIGHTS), Kernels.PORTABLE)) {
            assertThat(maxDifference(a.describe(chips), b.describe(chips))).isLessThanOrEqualTo(MAX_DIFFERENCE);
        }
    }

    @Test
    void theCoursePhotosGetTheSameFacesDescriptorsAndNames() throws Exception {
        assumeFusedAgrees();
        Path dir = Datasets.require("cse546-faces-enroll");
        Gallery gallery = new GalleryBuilder(fused::largestFaceDescriptor)
                .fromLabels(dir, dir.resolve("labels.csv")).gallery();
        fused.setGallery(gallery);
        portable.setGallery(gallery);
        List<Path> photos;
        try (Stream<Path> files = Files.list(dir)) {
            photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertThat(photos).hasSize(160);
        for (Path photo : photos) {
            assertSameAnswers(Files.readAllBytes(photo), photo.getFileName().toString());
        }
    }

    @Test
    void theMontageGetsTheSameFacesAndDescriptors() throws Exception {
        assumeFusedAgrees();
        byte[] montage = Files.readAllBytes(Datasets.require("dlib-bald-guys").resolve("bald_guys.jpg"));
        assertThat(assertSameAnswers(montage, "bald_guys.jpg")).isGreaterThanOrEqualTo(24);
    }

    /** Returns the number of faces found. */
    private static int assertSameAnswers(byte[] image, String name) throws UnreadableImageException {
        List<Face> a = fused.describe(image);
        List<Face> b = portable.describe(image);
        assertThat(b).as(name).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).box()).as("%s face %d", name, i).isEqualTo(a.get(i).box());
            assertThat(maxDifference(new float[][] {a.get(i).descriptor()}, new float[][] {b.get(i).descriptor()}))
                    .as("%s face %d", name, i).isLessThanOrEqualTo(MAX_DIFFERENCE);
            assertThat(b.get(i).match().name()).as("%s face %d", name, i).isEqualTo(a.get(i).match().name());
        }
        return a.size();
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
