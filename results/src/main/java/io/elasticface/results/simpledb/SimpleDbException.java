package io.elasticface.results.simpledb;

/** A SimpleDB call that failed: the service's error code, HTTP status and request id, or why it was not sent. */
public final class SimpleDbException extends RuntimeException {

    private final String code;
    private final int status;
    private final String requestId;

    SimpleDbException(String action, String code, int status, String message, String requestId) {
        super(action + " failed: " + code + " (HTTP " + status + ", request " + requestId + "): " + message);
        this.code = code;
        this.status = status;
        this.requestId = requestId;
    }

    SimpleDbException(String action, String message, Throwable cause) {
        super(action + " failed: " + message, cause);
        this.code = "";
        this.status = 0;
        this.requestId = "";
    }

    /** SimpleDB's error code, e.g. {@code NoSuchDomain}; empty when no answer came. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String requestId() {
        return requestId;
    }

    /** Throttling and server errors pass; client errors (4xx) do not. */
    boolean retryable() {
        return status >= 500 || "ServiceUnavailable".equals(code) || "RequestTimeout".equals(code)
                || "Throttling".equals(code);
    }
}
