package io.elasticface.web.upload;

import io.elasticface.image.ImageHeader;
import io.elasticface.naming.FileNames;

/**
 * Decides whether an upload is worth queueing, from its bytes alone (never its name or declared type).
 * Pure: no I/O, no decoding.
 */
public final class UploadValidator {

    private final long maxBytes;
    private final long maxPixels;

    public UploadValidator(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /**
     * @param bytes         the uploaded bytes, or null when the form had no {@code inputFile}
     * @param originalName  the client's file name, untrusted
     * @throws RejectedUploadException 400 missing, 413 too large, 415 not an image, 422 too many pixels
     */
    public Upload validate(byte[] bytes, String originalName) {
        if (bytes == null) {
            throw new RejectedUploadException(400, "missing form field 'inputFile': send the photo as multipart "
                    + "form data, e.g. curl -F inputFile=@photo.jpg");
        }
        if (bytes.length == 0) {
            throw new RejectedUploadException(400, "'inputFile' is empty");
        }
        if (bytes.length > maxBytes) {
            throw new RejectedUploadException(413, "'inputFile' is " + bytes.length + " bytes; the limit is "
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
}
