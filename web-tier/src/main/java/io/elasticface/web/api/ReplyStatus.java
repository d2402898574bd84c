package io.elasticface.web.api;

import io.elasticface.wire.RecognitionReply;
import org.springframework.http.HttpStatus;

/** How a worker's reply status reads over HTTP. */
final class ReplyStatus {

    private ReplyStatus() {
    }

    static HttpStatus http(RecognitionReply reply) {
        return switch (reply.status()) {
            case OK -> HttpStatus.OK;
            case NO_FACE, BAD_IMAGE, MULTIPLE_FACES, FACE_TOO_SMALL, LOW_CONFIDENCE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FAILED -> HttpStatus.BAD_GATEWAY;
        };
    }
}
