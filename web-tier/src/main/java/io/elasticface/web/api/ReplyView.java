package io.elasticface.web.api;

import io.elasticface.wire.RecognitionReply.Face;
import io.elasticface.wire.RecognitionReply.Timings;
import io.elasticface.wire.RecognitionReply;
import java.util.List;

/** The JSON body of {@code /recognize} and {@code /results/{id}}. */
record ReplyView(String id, String fileName, String status, String message, String name, List<Face> faces,
                 String recognizer, String worker, Timings timings) {

    static ReplyView of(RecognitionReply reply) {
        return new ReplyView(reply.id(), reply.fileName(), reply.status().name(), reply.message(),
                reply.faces().isEmpty() ? null : reply.primaryName(), reply.faces(), reply.recognizer(),
                reply.worker(), reply.timings());
    }
}
