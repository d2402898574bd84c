package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elasticface.wire.WireCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The collection API on the real system ({@link EngineSystem}): two web tiers and two workers running the face
 * engine, ElasticMQ and S3Proxy. Faces of four people are cut from the dlib montage; three are enrolled, and the montage is searched,
 * verified and detected; enrollments through one web tier are found through the other; many enrollments at once
 * lose nothing.
 */
class FaceApiTest {

    /** Concurrent enrollments: {@code -Delasticface.failure-suite=long} runs the thousand. */
    private static final int CROWD = "long".equals(System.getProperty("elasticface.failure-suite")) ? 1000 : 200;
    private static final List<MontageFace> montage = new ArrayList<>();
    private static byte[] montageJpeg;
    private static Path coursePhotos;
    private static String webA;
    private static String webB;

    record MontageFace(int left, int top, int right, int bottom, String name, byte[] crop) {
        boolean overlaps(JsonNode box) {
            int l = Math.max(left, box.get("left").asInt());
            int t = Math.max(top, box.get("top").asInt());
            int r = Math.min(right, box.get("right").asInt());
            int b = Math.min(bottom, box.get("bottom").asInt());
            return r > l && b > t && (r - l) * (b - t) * 2 > (right - left) * (bottom - top);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path shared = Path.of(System.getProperty("elasticface.shared", "../shared"));
        Path dir = shared.resolve("datasets/dlib-bald-guys");
        coursePhotos = shared.resolve("datasets/cse546-faces-enroll");
        assumeTrue(Files.isDirectory(dir) && Files.isDirectory(coursePhotos), "datasets dlib-bald-guys and "
                + "cse546-faces-enroll are absent (looked in " + shared.toAbsolutePath() + "): skipping");
        montageJpeg = Files.readAllBytes(dir.resolve("bald_guys.jpg"));
        BufferedImage image = ImageIO.read(dir.resolve("bald_guys.jpg").toFile());
        for (String line : Files.readAllLines(dir.resolve("faces.csv")).subList(1, 25)) {
            String[] c = line.split(",");
            int l = Integer.parseInt(c[0]);
            int t = Integer.parseInt(c[1]);
            int r = Integer.parseInt(c[2]);
            int b = Integer.parseInt(c[3]);
            montage.add(new MontageFace(l, t, r, b, c[4], crop(image, l, t, r, b)));
        }
        EngineSystem engines = EngineSystem.get();
        webA = engines.webA;
        webB = engines.webB;
    }

    @Test
    void enrolledPeopleAreFoundInTheMontageAndAStrangerIsUnknown() {
        // the first two faces of Bruce, Dwayne and Jason are enrolled; Vin is not
        Set<MontageFace> enrolled = new HashSet<>();
        for (String person : List.of("Bruce", "Dwayne", "Jason")) {
            List<MontageFace> faces = montage.stream().filter(f -> f.name().equals(person)).limit(2).toList();
            for (MontageFace face : faces) {
                HttpResponse<String> r = Http.upload(webA + "/collections/bald/subjects/" + person + "/faces",
                        "inputFile", person + ".jpg", face.crop());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                JsonNode json = json(r);
                assertThat(json.get("subject").asString()).isEqualTo(person);
                assertThat(json.get("collection").asString()).isEqualTo("bald");
                assertThat(json.get("faceId").asString()).isNotBlank();
                assertThat(json.get("box").get("right").asInt()).isGreaterThan(json.get("box").get("left").asInt());
                enrolled.add(face);
            }
        }
        HttpResponse<String> search = Http.upload(webB + "/collections/bald/search?k=3", "inputFile", "montage.jpg",
                montageJpeg);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        int named = 0;
        int unknown = 0;
        int vins = 0;
        for (JsonNode face : json(search).get("faces")) {
            MontageFace truth = montage.stream().filter(f -> f.overlaps(face.get("box"))).findFirst().orElse(null);
            if (truth == null) {
                continue; // one of the detector's small false faces
            }
            JsonNode matches = face.get("matches");
            assertThat(matches.size()).isEqualTo(3);
            assertThat(matches.get(0).get("distance").asDouble()).isLessThanOrEqualTo(matches.get(1).get("distance")
                    .asDouble());
            String name = face.get("name").asString();
            if (truth.name().equals("Vin")) {
                vins++;
                unknown += name.equals("unknown") ? 1 : 0;
                assertThat(name.equals("unknown")).isEqualTo(matches.get(0).get("distance").asDouble() >= 0.6);
            } else if (!enrolled.contains(truth)) {
                named += name.equals(truth.name()) ? 1 : 0;
            }
        }
        assertThat(vins).isEqualTo(6);
        assertThat(named).as("the 12 faces of enrolled people not enrolled themselves").isEqualTo(12);
        assertThat(unknown).as("Vin, never enrolled, is unknown in most of his photos").isGreaterThanOrEqualTo(5);
    }

    @Test
    void anEnrollmentThroughOneTierIsFoundThroughTheOtherWithItsVersionAndRemovalsToo() throws IOException {
        MontageFace vin = montage.stream().filter(f -> f.name().equals("Vin")).findFirst().orElseThrow();
        HttpResponse<String> enrolled = Http.upload(webA + "/collections/ryw/subjects/vin/faces", "inputFile",
                "vin.jpg", vin.crop());
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        String version = json(enrolled).get("version").asString();
        String faceId = json(enrolled).get("faceId").asString();

        HttpResponse<String> found = Http.upload(webB + "/collections/ryw/search?version=" + version, "inputFile",
                "vin.jpg", vin.crop());
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(json(found).get("faces").get(0).get("name").asString()).isEqualTo("vin");

        HttpResponse<String> subject = Http.get(webB + "/collections/ryw/subjects/vin");
        assertThat(json(subject).get("faces").get(0).get("faceId").asString()).isEqualTo(faceId);
        HttpResponse<String> subjects = Http.get(webB + "/collections/ryw/subjects");
        assertThat(json(subjects).get("subjects").get(0).get("faces").asInt()).isEqualTo(1);

        String thumbnail = webA + "/collections/ryw/subjects/vin/faces/" + faceId + "/thumbnail";
        HttpResponse<byte[]> picture = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(thumbnail))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/jpeg");
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(picture.body()));
        assertThat(decoded.getWidth()).isEqualTo(96);

        HttpResponse<String> removed = Http.delete(webB + "/collections/ryw/subjects/vin/faces/" + faceId);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        String removal = json(removed).get("version").asString();
        assertThat(Http.get(webA + "/collections/ryw/subjects/vin").statusCode()).isEqualTo(404);
        assertThat(Http.get(thumbnail).statusCode()).as("its thumbnail went with it").isEqualTo(404);
        HttpResponse<String> after = Http.upload(webA + "/collections/ryw/search?version=" + removal, "inputFile",
                "vin.jpg", vin.crop());
        assertThat(json(after).get("faces").get(0).get("name").asString()).isEqualTo("unknown");
        assertThat(json(after).get("faces").get(0).get("matches").size()).isZero();
    }

    @Test
    void enrollmentRefusesWhatItCannotUseWithAReasonCode() {
        HttpResponse<String> many = Http.upload(webA + "/collections/refusals/subjects/crowd/faces", "inputFile",
                "montage.jpg", montageJpeg);
        assertProblem(many, 422, "MULTIPLE_FACES");
        assertThat(json(many).get("detail").asString()).contains("face=largest");
        HttpResponse<String> largest = Http.upload(webA + "/collections/refusals/subjects/crowd/faces?face=largest",
                "inputFile", "montage.jpg", montageJpeg);
        assertThat(largest.statusCode()).as(largest.body()).isEqualTo(201);

        assertProblem(Http.upload(webA + "/collections/refusals/subjects/nobody/faces", "inputFile", "blob.png",
                io.elasticface.testing.TestImages.encode(200, 200, "png")), 422, "NO_FACE");
        MontageFace face = montage.get(0);
        assertProblem(Http.upload(webA + "/collections/refusals/subjects/tiny/faces", "inputFile", "tiny.jpg",
                scaled(face.crop(), 8)), 422, "NO_FACE");
        assertProblem(Http.upload(webA + "/collections/refusals/subjects/bad%20name/faces", "inputFile", "a.jpg",
                face.crop()), 400, "INVALID_NAME");
        assertProblem(Http.upload(webA + "/collections/refusals/subjects/a/faces", "photo", "a.jpg", face.crop()),
                400, "BAD_UPLOAD");
        assertProblem(Http.upload(webA + "/collections/never-made/search", "inputFile", "a.jpg", face.crop()), 404,
                "NO_SUCH_COLLECTION");
        assertProblem(Http.get(webA + "/collections/never-made/subjects"), 404, "NO_SUCH_COLLECTION");
        assertProblem(Http.get(webA + "/collections/refusals/subjects/nobody"), 404, "NO_SUCH_SUBJECT");
        assertProblem(Http.upload(webA + "/collections/refusals/search?k=0", "inputFile", "a.jpg", face.crop()), 400,
                "INVALID_PARAMETER");
        assertProblem(Http.delete(webA + "/collections/refusals/subjects/crowd/faces/no-such-face"), 404,
                "NO_SUCH_FACE");
        // the course's endpoint keeps its one-line text errors
        HttpResponse<String> course = Http.upload(webA + "/", "photo", "a.jpg", face.crop());
        assertThat(course.statusCode()).isEqualTo(400);
        assertThat(course.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void detectFindsEveryMontageFaceWithItsLandmarksAndVerifyTellsPeopleApart() {
        HttpResponse<String> detected = Http.upload(webB + "/detect", "inputFile", "montage.jpg", montageJpeg);
        assertThat(detected.statusCode()).as(detected.body()).isEqualTo(200);
        JsonNode faces = json(detected).get("faces");
        for (MontageFace truth : montage) {
            boolean found = false;
            for (JsonNode face : faces) {
                if (truth.overlaps(face.get("box"))) {
                    found = true;
                    assertThat(face.get("landmarks").size()).isEqualTo(5);
                    assertThat(face.has("name")).isFalse();
                }
            }
            assertThat(found).as("a face of " + truth.name() + " at " + truth.left() + "," + truth.top()).isTrue();
        }
        List<MontageFace> bruce = montage.stream().filter(f -> f.name().equals("Bruce")).toList();
        MontageFace dwayne = montage.stream().filter(f -> f.name().equals("Dwayne")).findFirst().orElseThrow();
        JsonNode same = json(Http.uploadParts(webA + "/verify", new Http.Part("source", "a.jpg", bruce.get(0).crop()),
                new Http.Part("target", "b.jpg", bruce.get(3).crop())));
        assertThat(same.get("match").asBoolean()).as(same.toString()).isTrue();
        assertThat(same.get("distance").asDouble()).isLessThan(same.get("threshold").asDouble());
        JsonNode other = json(Http.uploadParts(webA + "/verify", new Http.Part("source", "a.jpg", bruce.get(0).crop()),
                new Http.Part("target", "c.jpg", dwayne.crop())));
        assertThat(other.get("match").asBoolean()).as(other.toString()).isFalse();
        assertProblem(Http.uploadParts(webA + "/verify", new Http.Part("source", "a.jpg", bruce.get(0).crop())), 400,
                "BAD_UPLOAD");
    }

    /** The course's endpoints search collection {@code default}: a face enrolled there is named by {@code POST /}. */
    @Test
    void theCourseEndpointNamesAFaceEnrolledIntoTheDefaultCollection() {
        MontageFace jason = montage.stream().filter(f -> f.name().equals("Jason")).findFirst().orElseThrow();
        HttpResponse<String> enrolled = Http.upload(webA + "/collections/default/subjects/JasonS/faces",
                "inputFile", "jason.jpg", jason.crop());
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        MontageFace other = montage.stream().filter(f -> f.name().equals("Jason")).skip(3).findFirst().orElseThrow();
        // the workers' view of the default collection is at most a second old
        HttpResponse<String> named = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            named = Http.upload(webB + "/", "inputFile", "jason_4.jpg", other.crop());
            if (named.body().equals("jason_4:JasonS")) {
                break;
            }
            sleep(500);
        }
        assertThat(named.body()).isEqualTo("jason_4:JasonS");
    }

    /** Many enrollments at once through both tiers and both workers: every 201 is a face the collection holds. */
    @Test
    void concurrentEnrollmentsThroughTwoTiersLoseNothing() throws Exception {
        List<Path> photos;
        try (var list = Files.list(coursePhotos)) {
            photos = list.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < CROWD; i++) {
                Path photo = photos.get(i % photos.size());
                String web = i % 2 == 0 ? webA : webB;
                String subject = "s" + (i % 50);
                answers.add(CompletableFuture.supplyAsync(() -> Http.upload(web + "/collections/crowd/subjects/"
                        + subject + "/faces", "inputFile", photo.getFileName().toString(), read(photo)), clients));
            }
            Set<String> created = new HashSet<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                created.add(json(r).get("faceId").asString());
            }
            assertThat(created).hasSize(CROWD);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("FACE-API %d enrollments (32 clients, two web tiers, two workers of one thread): all 201 "
                    + "in %d ms, %.1f per second%n", CROWD, millis, CROWD * 1000.0 / millis);
            Set<String> held = new HashSet<>();
            for (JsonNode s : json(Http.get(webB + "/collections/crowd/subjects")).get("subjects")) {
                for (JsonNode f : json(Http.get(webA + "/collections/crowd/subjects/" + s.get("subject").asString()))
                        .get("faces")) {
                    held.add(f.get("faceId").asString());
                }
            }
            assertThat(held).isEqualTo(created);
            JsonNode summary = json(Http.get(webA + "/collections"));
            assertThat(summary.toString()).contains("\"name\":\"crowd\",\"subjects\":50,\"faces\":" + CROWD);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Every endpoint the README's API tables document is in the OpenAPI document, and the other way round. */
    @Test
    void theApiDocsHoldExactlyTheEndpointsTheReadmeDocuments() throws IOException {
        Set<String> documented = new java.util.TreeSet<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `(GET|POST|DELETE|PUT) (/[^`, ]*)")
                .matcher(Files.readString(Path.of(System.getProperty("elasticface.readme", "../README.md"))));
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2));
        }
        HttpResponse<String> docs = Http.get(webA + "/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        Set<String> served = new java.util.TreeSet<>();
        json(docs).get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> served.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()
                        .replace("{collection}", "{c}").replace("{subject}", "{s}"))));
        assertThat(served).isEqualTo(documented);
        HttpResponse<String> ui = Http.get(webA + "/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    private static void assertProblem(HttpResponse<String> r, int status, String... reasons) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode json = json(r);
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("reason").asString()).isIn((Object[]) reasons);
        assertThat(json.get("detail").asString()).isNotBlank();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return WireCodec.mapper().readTree(r.body());
    }

    private static byte[] crop(BufferedImage image, int l, int t, int r, int b) {
        int pad = (r - l) / 2;
        int x = Math.max(0, l - pad);
        int y = Math.max(0, t - pad);
        int w = Math.min(image.getWidth(), r + pad) - x;
        int h = Math.min(image.getHeight(), b + pad) - y;
        return jpeg(image.getSubimage(x, y, w, h));
    }

    private static byte[] scaled(byte[] jpeg, int side) {
        try {
            BufferedImage source = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
            BufferedImage small = new BufferedImage(side * 2, side * 2, BufferedImage.TYPE_INT_RGB);
            small.createGraphics().drawImage(source, 0, 0, side * 2, side * 2, null);
            return jpeg(small);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jpeg(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(rgb, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] read(Path photo) {
        try {
            return Files.readAllBytes(photo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
