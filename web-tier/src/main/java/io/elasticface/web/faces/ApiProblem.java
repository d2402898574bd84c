package io.elasticface.web.faces;

import org.springframework.http.HttpStatus;

/** A refusal of the collection API: its HTTP status, a reason code a program can branch on, and a sentence. */
final class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String reason;
    private final String requestId;

    ApiProblem(HttpStatus status, String reason, String detail) {
        this(status, reason, detail, null);
    }

    ApiProblem(HttpStatus status, String reason, String detail, String requestId) {
        super(detail);
        this.status = status;
        this.reason = reason;
        this.requestId = requestId;
    }

    HttpStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }

    String requestId() {
        return requestId;
    }
}
