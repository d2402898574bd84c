package io.elasticface.app.worker;

import io.elasticface.messaging.MessageSender;
import io.elasticface.wire.RequestIds;
import io.elasticface.wire.WireCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A request message that is not a valid request (not JSON, fields missing) fails the same way on every
 * receive, so it goes to the dead-letter queue at once, with the reason as a message attribute, instead
 * of being retried up to maxReceiveCount. Where its id and reply-to can still be read, the client is
 * answered with an error rather than left to time out.
 */
@Component
class MalformedRequests {

    /** The dead letter's attribute that says why it was refused. */
    static final String REASON_ATTRIBUTE = "elasticface-refused";

    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);

    private final MessageSender sender;
    private final QueueContract queue;
    private final RequestProcessor processor;
    private final MeterRegistry meters;

    MalformedRequests(MessageSender sender, QueueContract queue, RequestProcessor processor, MeterRegistry meters) {
        this.sender = sender;
        this.queue = queue;
        this.processor = processor;
        this.meters = meters;
    }

    /**
     * Moves the body to the dead-letter queue and answers whoever can be answered. Throws only when the
     * dead-letter send fails: the message then stays in the request queue and nothing was answered yet, so
     * a retry answers once.
     */
    void refuse(String body, String reason) {
        String shortReason = reason.length() > 256 ? reason.substring(0, 256) : reason;
        meters.counter("elasticface.worker.requests.malformed").increment();
        if (queue.deadLetterUrl() == null) {
            log.error("Dropping a malformed request (the request queue has no dead-letter queue): {}; body: {}",
                    shortReason, body.length() > 512 ? body.substring(0, 512) + "..." : body);
        } else {
            sender.send(queue.deadLetterUrl(), body, Map.of(REASON_ATTRIBUTE, shortReason));
            log.warn("Moved a malformed request to the dead-letter queue: {}", shortReason);
        }
        answer(body, shortReason);
    }

    private void answer(String body, String reason) {
        JsonNode json;
        try {
            json = WireCodec.mapper().readTree(body);
        } catch (RuntimeException notJson) {
            return;
        }
        String id = json.path("id").asString("");
        String replyTo = json.path("replyTo").asString("");
        if (!RequestIds.isWellFormed(id) || replyTo.isBlank()) {
            return;
        }
        try (var logged = RequestIds.logScope(id)) {
            processor.refuseMalformed(id, replyTo, json.path("fileName").asString(""), reason);
        } catch (RuntimeException e) {
            // the message is safe in the dead-letter queue; the client falls back to its timeout
            log.warn("Could not answer malformed request {}: {}", id, e.getMessage());
        }
    }
}
