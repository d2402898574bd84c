package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One engine shared by several threads gives each the same answers as one thread would, while galleries swap. */
class ConcurrentRecognitionTest {

    @Test
    void threadsShareOneEngine() throws Exception {
        Path dir = Datasets.require("cse546-faces-enroll");
        List<byte[]> photos = new ArrayList<>();
        for (String name : List.of("test_019", "test_040", "test_056", "test_063")) {
            photos.add(Files.readAllBytes(dir.resolve(name + ".jpg")));
        }
        try (FaceEngine engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty())) {
            Gallery gallery = new GalleryBuilder(engine::largestFaceDescriptor)
                    .fromLabels(dir, dir.resolve("labels.csv")).gallery();
            engine.setGallery(gallery);
            List<Face> expected = new ArrayList<>();
            for (byte[] photo : photos) {
                expected.add(engine.describe(photo).get(0));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Boolean>> work = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t;
                    work.add(() -> {
                        for (int i = 0; i < 20; i++) {
                            int k = (i + offset) % photos.size();
                            if (i % 7 == 0) {
                                engine.setGallery(gallery);
                            }
                            if (!answer(engine.describe(photos.get(k)).get(0)).equals(answer(expected.get(k)))) {
                                return false;
                            }
                        }
                        return true;
                    });
                }
                for (Future<Boolean> result : pool.invokeAll(work)) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /** What a caller sees of a face: box, score and the gallery's answer. */
    private static List<Object> answer(Face face) {
        return List.of(face.box(), face.score(), face.match());
    }
}
