package io.elasticface.web.dispatch;

/** The URLs of the queues this web tier sends to and listens on, resolved once at start. */
public record QueueUrls(String requestQueueUrl, String responseQueueUrl) {
}
