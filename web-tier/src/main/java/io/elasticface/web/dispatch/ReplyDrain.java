package io.elasticface.web.dispatch;

import io.elasticface.web.WebProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On shutdown, keeps the reply consumer running until the requests that wait have their answers (or their
 * timeout): the context-closed event comes before any lifecycle stops, and Spring Cloud AWS would otherwise
 * stop consuming replies before the web server drains, cutting every waiting request off unanswered.
 */
@Component
class ReplyDrain {

    private static final Logger log = LoggerFactory.getLogger(ReplyDrain.class);

    private final PendingReplies pending;
    private final WebProperties web;

    ReplyDrain(PendingReplies pending, WebProperties web) {
        this.pending = pending;
        this.web = web;
    }

    @EventListener(ContextClosedEvent.class)
    void drain() throws InterruptedException {
        int waiting = pending.size();
        if (waiting > 0) {
            log.info("Shutting down: waiting up to {} for the replies of {} requests", web.replyTimeout(), waiting);
            if (!pending.awaitEmpty(web.replyTimeout())) {
                log.warn("{} requests still waiting at shutdown; their results stay at /results/{{id}}", pending.size());
            }
        }
    }
}
