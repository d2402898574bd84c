package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryBuilder;
import io.elasticface.engine.gallery.GalleryMatcher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The course's 64x64 photos: a gallery built from the 160 labelled files names every one of them right.
 * (They are copies of 10 distinct photos, so this tests the format and the gallery, not generalisation.)
 */
class CourseFacesTest {

    private static FaceEngine engine;
    private static Path dir;
    private static Map<String, String> labels;
    private static GalleryBuilder.Result built;

    /** Builds the gallery once; called by each test so that a missing dataset shows as skipped tests. */
    private static synchronized void buildGallery() throws Exception {
        dir = Datasets.require("cse546-faces-enroll");
        if (built != null) {
            return;
        }
        labels = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("labels.csv")).subList(1, 161)) {
            String[] cells = line.split(",");
            labels.put(cells[0], cells[1]);
        }
        engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty());
        built = new GalleryBuilder(engine::largestFaceDescriptor).fromLabels(dir, dir.resolve("labels.csv"));
        engine.setGallery(built.gallery());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void enrolsAll160Photos() throws Exception {
        buildGallery();
        assertThat(built.skipped()).isEmpty();
        assertThat(built.gallery().entries()).hasSize(160);
        assertThat(built.gallery().entries().stream().map(Gallery.Entry::name).distinct())
                .containsExactlyInAnyOrder("Bill", "Bob", "Emily", "German", "Gerry", "Paul", "Ranil", "Wang");
    }

    @Test
    void namesEveryPhotoWithItsLabel() throws Exception {
        buildGallery();
        List<Path> photos;
        try (var files = Files.list(dir)) {
            photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertThat(photos).hasSize(160);
        for (Path photo : photos) {
            var faces = engine.describe(Files.readAllBytes(photo));
            assertThat(faces).as(photo.getFileName().toString()).isNotEmpty();
            assertThat(faces.get(0).match().name()).as(photo.getFileName().toString())
                    .isEqualTo(labels.get(GalleryBuilder.baseName(photo)));
            assertThat(faces.get(0).match().match()).isTrue();
        }
    }

    @Test
    void galleryFileRoundTripsAndCanBeSwappedAtRunTime() throws Exception {
        buildGallery();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        built.gallery().write(file);
        Gallery read = Gallery.read(new ByteArrayInputStream(file.toByteArray()));
        assertThat(read.entries()).hasSize(160);
        assertThat(read.entries().get(7).descriptor()).isEqualTo(built.gallery().entries().get(7).descriptor());

        byte[] photo = Files.readAllBytes(dir.resolve("test_019.jpg"));
        try (FaceEngine other = new FaceEngine(EngineSettings.defaults(), Gallery.empty())) {
            assertThat(other.describe(photo).get(0).match().name()).isEqualTo(GalleryMatcher.UNKNOWN);
            other.setGallery(read);
            assertThat(other.describe(photo).get(0).match().name()).isEqualTo(labels.get("test_019"));
        }
    }
}
