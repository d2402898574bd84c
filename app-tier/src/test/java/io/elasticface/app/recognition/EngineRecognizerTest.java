package io.elasticface.app.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elasticface.engine.EngineSettings;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.wire.RecognitionReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real engine, loading in the background as a worker starts it, on the course's photos. */
class EngineRecognizerTest {

    @Test
    void aGallerySetWhileTheEngineLoadsIsTheOneItsFirstCallUses() throws Exception {
        Path photos = Path.of(System.getProperty("elasticface.shared", "../shared"), "datasets", "cse546-faces-enroll");
        assumeTrue(Files.isDirectory(photos), "the course photos are absent from " + photos + ": skipping");
        byte[] paul = Files.readAllBytes(photos.resolve("test_040.jpg"));
        float[] descriptor;
        try (FaceEngine reference = new FaceEngine(EngineSettings.defaults(), Gallery.empty())) {
            descriptor = reference.largestFaceDescriptor(paul).orElseThrow();
        }

        EngineLoad load = EngineLoad.start(EngineSettings.defaults());
        try (EngineRecognizer recognizer = new EngineRecognizer(load)) {
            assertThat(load.now()).as("still loading (it takes over half a second)").isEmpty();
            recognizer.setGallery(Gallery.of(List.of(new Gallery.Entry("Paul", "test_040.jpg", descriptor))));

            List<RecognitionReply.Face> faces = recognizer.recognize(paul);

            assertThat(faces).first().satisfies(face -> assertThat(face.name()).isEqualTo("Paul"));
            assertThat(load.timings()).hasValueSatisfying(t -> {
                assertThat(t.libtorch()).isPositive();
                assertThat(t.nets()).isPositive();
            });
        }
    }
}
