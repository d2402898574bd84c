package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.testing.TestImages;
import java.io.ByteArrayOutputStream;
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
    private static final String BOUNDARY = "bad-input-boundary";
    private static final String FORM = "multipart/form-data; boundary=" + BOUNDARY;
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
        assertThat(response.body()).contains("; the limit is 1048576 bytes per upload (1310720 with its form)");
    }

    @Test
    void tooManyPixelsIs422() {
        HttpResponse<String> response = Http.upload(base + "/recognize", "inputFile", "huge.png",
                TestImages.pngClaiming(30_000, 30_000));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("30000x30000");
    }

    @Test
    void aFileNameOver255CharactersIs400SayingSo() {
        HttpResponse<String> response = Http.upload(base + "/recognize", "inputFile", "a".repeat(600) + ".jpg",
                TestImages.encode(8, 8, "jpg"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("the file name is 604 characters long; the limit is 255");
    }

    @Test
    void aLongPartHeaderIs400SayingSo() {
        HttpResponse<String> response = Http.postRaw(base + "/recognize", FORM, form(
                "Content-Disposition: form-data; name=\"inputFile\"; filename=\"a.jpg\"\r\n"
                        + "X-Padding: " + "x".repeat(9000), TestImages.encode(8, 8, "jpg")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("a form part's headers exceed 8192 bytes");
    }

    @Test
    void manyTinyFormPartsAre400SayingSoOnTheCourseEndpoint() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            body.append("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nx\r\n");
        }
        body.append("--" + BOUNDARY + "--\r\n");
        HttpResponse<String> response = Http.postRaw(base + "/", FORM,
                body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("the form has more than 16 parts");
    }

    @Test
    void aFieldNamedInputFileWithATrailingSpaceIsNotInputFile() {
        HttpResponse<String> response = Http.upload(base + "/recognize", "inputFile ", "a.jpg",
                TestImages.encode(8, 8, "jpg"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("missing form field 'inputFile'").contains("the form has 'inputFile '");
    }

    @Test
    void aFileNameWithNulIsSanitisedAndTheBytesDecide() {
        HttpResponse<String> response = Http.upload(base + "/", "inputFile", "a\u0000b.jpg",
                "hello, not a photo".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).isEqualTo("'a_b.jpg' is not a JPEG, PNG, WebP or BMP image");
    }

    @Test
    void aFormCutShortIs400SayingSo() {
        byte[] whole = form("Content-Disposition: form-data; name=\"inputFile\"; filename=\"a.jpg\"",
                TestImages.encode(8, 8, "jpg"));
        HttpResponse<String> response = Http.postRaw(base + "/", FORM, Arrays.copyOf(whole, whole.length - 20));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("the form ends before its closing boundary");
    }

    @Test
    void aChunkedFormIsReadLikeAnyOther() {
        HttpResponse<String> response = Http.postChunked(base + "/", FORM, form(
                "Content-Disposition: form-data; name=\"inputFile\"; filename=\"chunks.jpg\"",
                "hello, not a photo".getBytes(StandardCharsets.UTF_8)));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).isEqualTo("'chunks.jpg' is not a JPEG, PNG, WebP or BMP image");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413SayingSo() {
        HttpResponse<String> response = Http.postChunked(base + "/", FORM, form(
                "Content-Disposition: form-data; name=\"inputFile\"; filename=\"big.jpg\"",
                new byte[2 * 1024 * 1024]));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("the request exceeds 1310720 bytes; the limit is 1048576 bytes per upload "
                + "(1310720 with its form)");
    }

    @Test
    void aGetWithABodyIsAnsweredAsAGet() throws Exception {
        HttpResponse<String> response = Http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/results/00000000-0000-0000-0000-000000000000"))
                .method("GET", java.net.http.HttpRequest.BodyPublishers.ofString("a body nobody reads")).build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"status\":404,");
    }

    /** One part with the given header lines, in a form with its closing boundary. */
    private static byte[] form(String headers, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
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
