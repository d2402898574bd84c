package io.elasticface.cli.api;

import io.elasticface.wire.WireCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The collection API over HTTP, for the command line: each call answers the status and the JSON body. */
public final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String apiKey;
    private final Duration timeout;

    /** @param apiKey sent in {@code X-Api-Key}; null sends none */
    public ApiClient(URI base, String apiKey, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** An answer: its status and body (a problem detail when it is an error). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The problem's reason code, or the status when the body is none. */
        public String reason() {
            return body.path("reason").isMissingNode() ? "HTTP_" + status : body.path("reason").asString();
        }

        /** The problem's sentence. */
        public String detail() {
            JsonNode detail = body.path("detail").isMissingNode() ? body.path("error") : body.path("detail");
            return detail.isMissingNode() ? body.toString() : detail.asString();
        }
    }

    public Answer enroll(String collection, String subject, Path photo, boolean largest) throws IOException {
        return send(new Multipart().file("inputFile", photo.getFileName().toString(), Files.readAllBytes(photo))
                .post(request("collections/" + encode(collection) + "/subjects/" + encode(subject) + "/faces"
                        + (largest ? "?face=largest" : ""))));
    }

    public Answer subjects(String collection) throws IOException {
        return send(request("collections/" + encode(collection) + "/subjects").GET());
    }

    public Answer removeSubject(String collection, String subject) throws IOException {
        return send(request("collections/" + encode(collection) + "/subjects/" + encode(subject)).DELETE());
    }

    public Answer verify(Path source, Path target) throws IOException {
        return send(new Multipart().file("source", source.getFileName().toString(), Files.readAllBytes(source))
                .file("target", target.getFileName().toString(), Files.readAllBytes(target)).post(request("verify")));
    }

    public Answer detect(Path photo) throws IOException {
        return send(new Multipart().file("inputFile", photo.getFileName().toString(), Files.readAllBytes(photo))
                .post(request("detect")));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("X-Api-Key", apiKey);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body;
        try {
            body = WireCodec.mapper().readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (JacksonException e) {
            body = WireCodec.mapper().createObjectNode().put("detail", response.body());
        }
        return new Answer(response.statusCode(), body);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
