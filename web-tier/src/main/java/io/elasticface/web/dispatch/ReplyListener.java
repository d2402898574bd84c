package io.elasticface.web.dispatch;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RequestIds;
import io.elasticface.wire.WireCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one long-polling consumer of this web tier's response queue. It completes the waiting request by
 * id; a reply nobody waits for (timed out, or meant for an earlier run of this tier) is logged, counted
 * and deleted — the worker has already recorded it in the result store. Every reply is deleted once read
 * (acknowledgement ALWAYS): a reply that cannot be matched now never will be.
 */
@Component
class ReplyListener {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    private final PendingReplies pending;
    private final Counter orphans;

    ReplyListener(PendingReplies pending, MeterRegistry meters) {
        this.pending = pending;
        this.orphans = Counter.builder("elasticface.web.replies.orphaned")
                .description("replies for which no request was waiting").register(meters);
    }

    @SqsListener(queueNames = "#{@queueUrls.responseQueueUrl()}", factory = "replyListenerFactory")
    void onReply(String body) {
        RecognitionReply reply;
        try {
            reply = WireCodec.fromJson(body, RecognitionReply.class);
        } catch (WireCodec.MalformedMessageException e) {
            // redelivering cannot fix it, and no request can be matched to it
            log.warn("Dropping a malformed reply: {}", e.getMessage());
            return;
        }
        try (var logged = RequestIds.logScope(reply.id())) {
            if (!pending.complete(reply)) {
                orphans.increment();
                log.info("Reply {} ({}) arrived with nobody waiting; it stays fetchable at /results/{}",
                        reply.id(), reply.status(), reply.id());
            }
        }
    }
}
