package io.elasticface.engine;

/** The bytes are not an image this system can decode: not an image, truncated, or too many pixels. */
public class UnreadableImageException extends Exception {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
