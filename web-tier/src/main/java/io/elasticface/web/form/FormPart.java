package io.elasticface.web.form;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One part of a form: its field name, its file name if it is a file, its declared type, and where its content
 * lies in the body (no copy).
 *
 * @param name        the field name, exactly as sent (percent-decoded as browsers encode it)
 * @param fileName    the file name as sent, or null when the part is a plain field
 * @param contentType the part's Content-Type header, or null
 */
public record FormPart(String name, String fileName, String contentType, byte[] body, int offset, int length) {

    public boolean isFile() {
        return fileName != null;
    }

    public byte[] bytes() {
        return Arrays.copyOfRange(body, offset, offset + length);
    }

    /** A plain field's value, in the charset its Content-Type names, else UTF-8. */
    public String text() {
        return new String(body, offset, length, charset());
    }

    private Charset charset() {
        if (contentType != null) {
            String name = HeaderValue.parse(contentType, "a form part's Content-Type").parameters().get("charset");
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
