package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.objectstore.S3ObjectStore;
import io.elasticface.testing.TestImages;
import io.elasticface.wire.WireCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On AWS the worker that stored a result and the web tier asked for it are different machines. With each
 * given its own directory (as separate machines have), the {@code objects} store still answers
 * {@code GET /results/{id}} from every web tier.
 */
class ResultsAcrossMachinesTest {

    private static final LocalSystem system = LocalSystem.get();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @TempDir
    Path machines;

    @AfterEach
    void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }

    private Map<String, Object> machine(String name) {
        return Map.of("elasticface.results.store", "objects",
                "elasticface.results.directory", machines.resolve(name).toString());
    }

    @Test
    void aResultStoredByAWorkerElsewhereIsFetchableFromEveryWebTier() throws Exception {
        new S3ObjectStore(system.s3).ensureBucket(system.names.galleryBucket());
        contexts.add(system.startWorker("objects-worker", machine("worker")));
        String a = url(system.startWeb("objects-replies-a", machine("web-a")));
        String b = url(system.startWeb("objects-replies-b", machine("web-b")));

        HttpResponse<String> answer = Http.upload(a + "/recognize", "inputFile", "far.png", TestImages.encode(33, 12, "png"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String id = WireCodec.mapper().readTree(answer.body()).get("id").asString();

        for (String web : List.of(a, b)) {
            HttpResponse<String> stored = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(web + "/results/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).as(web + ": " + stored.body()).isEqualTo(200);
            assertThat(WireCodec.mapper().readTree(stored.body()).get("id").asString()).isEqualTo(id);
        }
    }

    private String url(ConfigurableApplicationContext web) {
        contexts.add(web);
        return "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort();
    }
}
