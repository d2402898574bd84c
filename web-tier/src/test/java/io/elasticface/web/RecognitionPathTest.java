package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elasticface.engine.EngineSettings;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryBuilder;
import io.elasticface.objectstore.S3ObjectStore;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real model on the whole path: a gallery built from the course's 160 photos is uploaded to the
 * gallery bucket, a worker running the face engine loads it from there, and 100 photos posted at once
 * to the course endpoint are all answered with their labels.
 */
class RecognitionPathTest {

    private static final LocalSystem system = LocalSystem.get();
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static Path photos;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Path shared = Path.of(System.getProperty("elasticface.shared", "../shared"));
        photos = shared.resolve("datasets/cse546-faces-enroll");
        assumeTrue(Files.isDirectory(photos), "dataset cse546-faces-enroll is absent (looked in "
                + photos.toAbsolutePath() + "): skipping");
        ByteArrayOutputStream gallery = new ByteArrayOutputStream();
        try (FaceEngine engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty())) {
            new GalleryBuilder(engine::largestFaceDescriptor)
                    .fromLabels(photos, photos.resolve("labels.csv")).gallery().write(gallery);
        }
        S3ObjectStore store = new S3ObjectStore(system.s3);
        store.ensureBucket(system.names.galleryBucket());
        store.put(system.names.galleryBucket(), system.names.galleryKey(), gallery.toByteArray(),
                "application/octet-stream", Map.of());

        contexts.add(system.startWorker("engine-worker", Map.of("elasticface.worker.recognizer", "engine",
                "elasticface.worker.concurrency", 2)));
        ConfigurableApplicationContext web = system.startWeb("recognition-replies", Map.of());
        contexts.add(web);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }

    @Test
    void hundredCoursePhotosAtOnceAreAllNamedRight() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(photos.resolve("labels.csv")).subList(1, 161)) {
            String[] cells = line.split(",");
            labels.put(cells[0], cells[1]);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(photos)) {
            files = list.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(100).toList();
        }
        ExecutorService clients = Executors.newFixedThreadPool(100);
        try {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                answers.add(CompletableFuture.supplyAsync(() -> Http.upload(base + "/", "inputFile",
                        file.getFileName().toString(), bytes), clients));
            }
            for (int i = 0; i < files.size(); i++) {
                String stem = files.get(i).getFileName().toString().replace(".jpg", "");
                HttpResponse<String> answer = answers.get(i).join();
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(stem + ":" + labels.get(stem));
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
