package io.elasticface.messaging;

/** Sends one message to a queue: requests from web tiers, replies from workers. */
public interface MessageSender {

    /**
     * Sends a message body.
     *
     * @param queueUrl the queue's URL (a request's reply-to is one)
     */
    void send(String queueUrl, String body);
}
