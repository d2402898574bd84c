package io.elasticface.web.upload;

/** An upload refused before anything is stored or queued, with the HTTP status that says why. */
public class RejectedUploadException extends RuntimeException {

    private final int status;

    public RejectedUploadException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
