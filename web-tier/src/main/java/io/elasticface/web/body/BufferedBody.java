package io.elasticface.web.body;

import io.elasticface.web.WebProperties;
import io.elasticface.web.upload.RejectedUploadException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A request's body in memory: {@code bytes[0, length)}. */
public record BufferedBody(byte[] bytes, int length) {

    /**
     * Reads the whole body, at most {@link WebProperties#maxBodyBytes()}.
     *
     * @throws RejectedUploadException 413 when there is more
     */
    public static BufferedBody read(HttpServletRequest request, WebProperties web) {
        long declared = request.getContentLengthLong();
        if (declared > web.maxBodyBytes()) {
            throw tooLarge(declared, web);
        }
        try {
            byte[] bytes = request.getInputStream().readNBytes(web.maxBodyBytes() + 1);
            if (bytes.length > web.maxBodyBytes()) {
                throw tooLarge(-1, web);
            }
            return new BufferedBody(bytes, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    /** 413, with the numbers. */
    static RejectedUploadException tooLarge(long declared, WebProperties web) {
        return new RejectedUploadException(413, (declared > 0 ? "the request is " + declared + " bytes"
                : "the request exceeds " + web.maxBodyBytes() + " bytes") + "; the limit is "
                + web.maxUpload().toBytes() + " bytes per upload (" + web.maxBodyBytes() + " with its form)");
    }
}
