package io.elasticface.web.upload;

import io.elasticface.image.ImageHeader;
import io.elasticface.naming.FileNames;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides whether an upload is worth queueing, from its bytes alone (never its name or declared type).
 * Pure: no I/O, no decoding.
 */
public final class UploadValidator {

    /** The form field that carries the photo. */
    public static final String FIELD = "inputFile";
    /** The longest file name a file system usually allows; longer ones come from no real file. */
    public static final int MAX_FILE_NAME = 255;
    private static final int NAMES_SHOWN = 5;
    private static final int NAME_SHOWN = 40;

    private final long maxBytes;
    private final long maxPixels;

    public UploadValidator(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /**
     * @param bytes         the uploaded bytes, or null when the form had no file in {@code inputFile}
     * @param originalName  the client's file name, untrusted
     * @param formFields    the names of the form's fields as sent (empty when the body was not a form), to say
     *                      what came instead of {@code inputFile}
     * @throws RejectedUploadException 400 missing or a file name too long, 413 too large, 415 not an image,
     *                                 422 too many pixels
     */
    public Upload validate(byte[] bytes, String originalName, List<String> formFields) {
        return validate(FIELD, bytes, originalName, formFields);
    }

    /** As {@link #validate(byte[], String, List)}, for a photo sent in another field (verify's two photos). */
    public Upload validate(String field, byte[] bytes, String originalName, List<String> formFields) {
        if (bytes == null) {
            throw new RejectedUploadException(400, missing(field, formFields));
        }
        if (bytes.length == 0) {
            throw new RejectedUploadException(400, "'" + field + "' is empty");
        }
        if (originalName != null && originalName.codePointCount(0, originalName.length()) > MAX_FILE_NAME) {
            throw new RejectedUploadException(400, "the file name is " + originalName.codePointCount(0,
                    originalName.length()) + " characters long; the limit is " + MAX_FILE_NAME);
        }
        if (bytes.length > maxBytes) {
            throw new RejectedUploadException(413, "'" + field + "' is " + bytes.length + " bytes; the limit is "
                    + maxBytes);
        }
        String fileName = FileNames.sanitize(originalName);
        ImageHeader header = ImageHeader.read(bytes).orElseThrow(() -> new RejectedUploadException(415,
                "'" + fileName + "' is not a JPEG, PNG, WebP or BMP image"));
        if (header.pixels() == 0) {
            throw new RejectedUploadException(415, "'" + fileName + "' has a truncated " + header.format()
                    + " header");
        }
        if (header.pixels() > maxPixels) {
            throw new RejectedUploadException(422, "'" + fileName + "' is " + header.width() + "x"
                    + header.height() + " pixels; the limit is " + maxPixels + " pixels");
        }
        return new Upload(bytes, fileName, header);
    }

    private static String missing(String field, List<String> formFields) {
        String example = "e.g. curl -F " + field + "=@photo.jpg";
        if (formFields.contains(field)) {
            return "form field '" + field + "' is not a file (it has no file name): send the photo as a file, "
                    + example;
        }
        if (formFields.isEmpty()) {
            return "missing form field '" + field + "': send the photo as multipart form data, " + example;
        }
        String shown = formFields.stream().limit(NAMES_SHOWN).map(UploadValidator::quoted)
                .collect(Collectors.joining(", ")) + (formFields.size() > NAMES_SHOWN ? ", …" : "");
        return "missing form field '" + field + "'; the form has " + shown + ": send the photo in field '" + field
                + "', " + example;
    }

    /** A client's field name inside a one-line message: control characters escaped, long names cut. */
    private static String quoted(String name) {
        StringBuilder out = new StringBuilder("'");
        name.codePoints().limit(NAME_SHOWN).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(name.codePointCount(0, name.length()) > NAME_SHOWN ? "…'" : "'").toString();
    }
}
