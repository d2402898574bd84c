package io.elasticface.messaging;

import java.util.Map;

/** Sends one message to a queue: requests from web tiers, replies from workers, dead letters. */
public interface MessageSender {

    /**
     * Sends a message body.
     *
     * @param queueUrl the queue's URL (a request's reply-to is one)
     */
    default void send(String queueUrl, String body) {
        send(queueUrl, body, Map.of());
    }

    /**
     * Sends a message body with string attributes. Attributes count against the queue's size limit: they
     * are for messages that are not requests, such as the reason a dead letter was refused.
     */
    void send(String queueUrl, String body, Map<String, String> attributes);
}
