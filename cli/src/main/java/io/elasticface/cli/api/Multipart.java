package io.elasticface.cli.api;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body of files, as a browser sends it. */
public final class Multipart {

    private final String boundary = "----elasticface-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** Adds a file in a form field. */
    public Multipart file(String field, String fileName, byte[] bytes) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(field)
                + "\"; filename=\"" + escape(fileName) + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Sets this form as the request's body and content type. */
    public HttpRequest.Builder post(HttpRequest.Builder request) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(body.size() + 64);
        all.writeBytes(body.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(all.toByteArray()));
    }

    /**
     * A name inside a quoted parameter, escaped as browsers do (the HTML standard's multipart/form-data
     * encoding): {@code "} → %22, CR → %0D, LF → %0A, so that no name can end the parameter or the header early.
     * Other characters go as UTF-8.
     */
    public static String escape(String name) {
        return name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
