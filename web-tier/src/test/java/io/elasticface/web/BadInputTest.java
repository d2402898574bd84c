package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bad input is refused at the web tier with its status and one line, and nothing is stored or queued.
 * No worker runs here: anything queued would stay visible in the request queue.
 */
class BadInputTest {

    private static final LocalSystem system = LocalSystem.get();
    private static ConfigurableApplicationContext web;
    private static String base;
    private int objectsBefore;

    @BeforeAll
    static void start() {
        web = system.startWeb("bad-input-replies", Map.of("elasticface.web.max-upload", "1MB",
                "elasticface.web.max-pixels", 4_000_000));
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @BeforeEach
    void count() {
        objectsBefore = system.objectCount(system.names.inBucket());
    }

    @AfterEach
    void nothingStoredOrQueued() {
        assertThat(system.objectCount(system.names.inBucket())).isEqualTo(objectsBefore);
        assertThat(system.approximateMessages(system.names.requestQueue())).isZero();
    }

    @Test
    void missingInputFileIs400() {
        HttpResponse<String> response = Http.upload(base + "/recognize", "photo", "a.jpg",
                TestImages.encode(8, 8, "jpg"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("inputFile");
    }

    @Test
    void aBodyThatIsNotMultipartIs400OnTheCourseEndpoint() {
        HttpResponse<String> response = Http.postRaw(base + "/", "image/jpeg", TestImages.encode(8, 8, "jpg"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("multipart").doesNotContain("\n");
    }

    @Test
    void textNamedJpgIs415() {
        HttpResponse<String> response = Http.upload(base + "/", "inputFile", "photo.jpg",
                "hello, not a photo".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).isEqualTo("'photo.jpg' is not a JPEG, PNG, WebP or BMP image");
    }

    @Test
    void tooLargeIs413() {
        byte[] big = Arrays.copyOf(TestImages.encode(8, 8, "jpg"), 2 * 1024 * 1024);
        HttpResponse<String> response = Http.upload(base + "/recognize", "inputFile", "big.jpg", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("limit");
    }

    @Test
    void tooManyPixelsIs422() {
        HttpResponse<String> response = Http.upload(base + "/recognize", "inputFile", "huge.png",
                TestImages.pngClaiming(30_000, 30_000));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("30000x30000");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "GET    | /recognize    | 405 | method GET is not supported on /recognize; use POST",
            "DELETE | /results/abc  | 405 | method DELETE is not supported on /results/abc; use GET",
            "GET    | /no-such-path | 404 | no such endpoint: GET /no-such-path",
            "POST   | /no/such/path | 404 | no such endpoint: POST /no/such/path"})
    void wrongMethodsAndUnknownPathsAnswerInTheOneLineFormat(String method, String path, int status, String error)
            throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                        .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":" + status + ",\"error\":\"" + error + "\"}");
    }
}
