package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.engine.UnreadableImageException;
import io.elasticface.engine.gallery.Gallery;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaceEngineTest {

    private static FaceEngine engine;

    @BeforeAll
    static void start() {
        engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void aPhotoWithoutAFaceGivesAnEmptyList() throws Exception {
        BufferedImage sky = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sky.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(90, 140, 230), 0, 240, new Color(220, 230, 250)));
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(sky, "png", png);
        assertThat(engine.describe(png.toByteArray())).isEmpty();
    }

    @Test
    void unreadableInputIsAnException() {
        assertThatThrownBy(() -> engine.describe(new byte[] {1, 2, 3})).isInstanceOf(UnreadableImageException.class);
        assertThatThrownBy(() -> engine.describe(new byte[0])).isInstanceOf(UnreadableImageException.class);
    }

    @Test
    void truncatedPhotoIsUnreadable() throws Exception {
        byte[] montage = Files.readAllBytes(Datasets.require("dlib-bald-guys").resolve("bald_guys.jpg"));
        assertThatThrownBy(() -> engine.describe(Arrays.copyOf(montage, montage.length / 2)))
                .isInstanceOf(UnreadableImageException.class);
    }

    @Test
    void facesComeLargestFirstWithBoxesInTheOriginalPixels() throws Exception {
        byte[] montage = Files.readAllBytes(Datasets.require("dlib-bald-guys").resolve("bald_guys.jpg"));
        List<Face> faces = engine.describe(montage);
        assertThat(faces).hasSizeGreaterThanOrEqualTo(24);
        for (int i = 1; i < faces.size(); i++) {
            assertThat(faces.get(i).box().area()).isLessThanOrEqualTo(faces.get(i - 1).box().area());
        }
        assertThat(faces).allSatisfy(f -> {
            assertThat(f.box().right()).isLessThanOrEqualTo(1986);
            assertThat(f.box().bottom()).isLessThanOrEqualTo(1545);
            assertThat(f.score()).isBetween(0.7, 1.0);
        });
    }

    @Test
    void describesFiveLandmarksInsideEachBoxAndA128dDescriptor() throws Exception {
        byte[] photo = Files.readAllBytes(Datasets.require("cse546-faces-enroll").resolve("test_019.jpg"));
        List<Face> faces = engine.describe(photo);
        assertThat(faces).hasSize(1);
        Face face = faces.get(0);
        assertThat(face.descriptor()).hasSize(128);
        assertThat(face.landmarks()).hasSize(5).allSatisfy(p -> {
            assertThat(p.x()).isBetween((double) face.box().left(), (double) face.box().right());
            assertThat(p.y()).isBetween((double) face.box().top(), (double) face.box().bottom());
        });
        // Left eye left of the right eye, both above the mouth corners.
        assertThat(face.landmarks().get(0).x()).isLessThan(face.landmarks().get(1).x());
        assertThat(face.landmarks().get(0).y()).isLessThan(face.landmarks().get(3).y());
    }
}
