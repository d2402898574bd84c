package io.elasticface.web.body;

import io.elasticface.web.WebProperties;
import io.elasticface.web.upload.RejectedUploadException;
import jakarta.servlet.http.HttpServletRequest;

/** A request's body, read into memory by {@link BodyReadingFilter}: {@code bytes[0, length)}. */
public record BufferedBody(byte[] bytes, int length) {

    static final String ATTRIBUTE = BufferedBody.class.getName();
    static final BufferedBody EMPTY = new BufferedBody(new byte[0], 0);

    /**
     * The body {@link BodyReadingFilter} read, or an empty one for a request without a body or with a refused one
     * (which the endpoint refuses before it reads anything).
     *
     * @throws IllegalStateException for a body that was not read (the filter is not in the chain)
     */
    public static BufferedBody of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof BufferedBody body) {
            return body;
        }
        if (hasBody(request) && request.getAttribute(BodyReadingFilter.REFUSAL) == null) {
            throw new IllegalStateException("the request body was not read: BodyReadingFilter is not in the chain");
        }
        return EMPTY;
    }

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** 413, with the numbers; {@code declared} is the Content-Length, or -1 for a chunked body. */
    static RejectedUploadException tooLarge(long declared, WebProperties web) {
        return new RejectedUploadException(413, (declared > 0 ? "the request is " + declared + " bytes"
                : "the request exceeds " + web.maxBodyBytes() + " bytes") + "; the limit is "
                + web.maxUpload().toBytes() + " bytes per upload (" + web.maxBodyBytes() + " with its form)");
    }
}
