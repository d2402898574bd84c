package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elasticface.engine.gallery.Gallery;
import io.elasticface.wire.WireCodec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** gallery build, recognize and describe, run through {@link ElasticFace#run} on the course's photos. */
class EngineCommandsTest {

    private static Path course;
    private static Path montage;
    private static Map<String, String> labels;
    @TempDir
    static Path work;
    private static Path gallery;



    /** Builds the gallery once; called by each test so that missing datasets show as skipped tests. */
    private static synchronized void buildGallery() throws Exception {
        Path datasets = Path.of(System.getProperty("elasticface.shared", "../shared"), "datasets");
        course = datasets.resolve("cse546-faces-enroll");
        montage = datasets.resolve("dlib-bald-guys/bald_guys.jpg");
        assumeTrue(Files.isDirectory(course) && Files.exists(montage),
                "datasets cse546-faces-enroll and dlib-bald-guys are absent under " + datasets + ": skipping");
        if (gallery != null) {
            return;
        }
        labels = new HashMap<>();
        for (String line : Files.readAllLines(course.resolve("labels.csv")).subList(1, 161)) {
            labels.put(line.split(",")[0], line.split(",")[1]);
        }
        Path file = work.resolve("course.gallery.json");
        CommandRun built = CommandRun.run("gallery", "build", "--images", course.toString(), "--labels",
                course.resolve("labels.csv").toString(), "--out", file.toString());
        assertThat(built.status()).as(built.err()).isZero();
        assertThat(built.err()).contains("160 photos of 8 people, 0 skipped");
        gallery = file;
    }

    @Test
    void galleryFileHoldsEveryPhoto() throws Exception {
        buildGallery();
        try (InputStream in = Files.newInputStream(gallery)) {
            assertThat(Gallery.read(in).entries()).hasSize(160);
        }
    }

    @Test
    void recognizeAnswersEveryCoursePhotoInTheCoursesFormat() throws Exception {
        buildGallery();
        CommandRun run = CommandRun.run("recognize", "--gallery", gallery.toString(), course.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(160).allSatisfy(line -> {
            String[] parts = line.split(":");
            assertThat(parts[1]).as(line).isEqualTo(labels.get(parts[0]));
        });
        assertThat(run.lines().get(0)).startsWith("test_019:"); // folders come sorted
    }

    @Test
    void recognizeKeepsTheOrderGivenAndFailsOnUnreadableInput() throws Exception {
        buildGallery();
        Path notAnImage = Files.writeString(work.resolve("notes.jpg"), "not a photo");
        CommandRun run = CommandRun.run("recognize", "--gallery", gallery.toString(), course.resolve("test_070.jpg").toString(),
                notAnImage.toString(), course.resolve("test_019.jpg").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines())
                .containsExactly("test_070:" + labels.get("test_070"), "test_019:" + labels.get("test_019"));
        assertThat(run.err().strip().lines()).hasSize(1).first().asString()
                .contains("notes.jpg").contains("not a JPEG");
    }

    @Test
    void galleryFromOneFolderPerPerson() throws Exception {
        buildGallery();
        Path people = work.resolve("people");
        List<String> copied = new ArrayList<>();
        for (String image : List.of("test_019", "test_040", "test_056")) {
            Path dir = Files.createDirectories(people.resolve(labels.get(image)));
            Files.copy(course.resolve(image + ".jpg"), dir.resolve(image + ".jpg"));
            copied.add(labels.get(image));
        }
        Path out = work.resolve("people.gallery.json");
        CommandRun run = CommandRun.run("gallery", "build", "--images", people.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        try (InputStream in = Files.newInputStream(out)) {
            assertThat(Gallery.read(in).entries()).extracting(Gallery.Entry::name)
                    .containsExactlyInAnyOrderElementsOf(copied);
        }
    }

    @Test
    void describePrintsOneJsonLinePerImageLargestFaceFirst() throws Exception {
        buildGallery();
        CommandRun run = CommandRun.run("describe", course.resolve("test_019.jpg").toString(), montage.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(2);
        JsonNode first = WireCodec.mapper().readTree(run.lines().get(0));
        assertThat(first.get("file").asString()).endsWith("test_019.jpg");
        JsonNode face = first.get("faces").get(0);
        assertThat(face.get("descriptor").size()).isEqualTo(128);
        assertThat(face.get("landmarks").size()).isEqualTo(5);
        assertThat(face.get("box").get("right").asInt()).isGreaterThan(face.get("box").get("left").asInt());
        assertThat(face.get("score").asDouble()).isBetween(0.7, 1.0);
        JsonNode faces = WireCodec.mapper().readTree(run.lines().get(1)).get("faces");
        assertThat(faces.size()).isGreaterThanOrEqualTo(24);
        for (int i = 1; i < faces.size(); i++) {
            assertThat(area(faces.get(i).get("box"))).isLessThanOrEqualTo(area(faces.get(i - 1).get("box")));
        }
    }

    private static int area(JsonNode box) {
        int width = box.get("right").asInt() - box.get("left").asInt();
        return width * (box.get("bottom").asInt() - box.get("top").asInt());
    }
}
