package io.elasticface.messaging;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link MessageSender} on SQS. Sends the body alone, without message attributes: attributes count
 * against the request queue's 1 KB maximum.
 */
public final class SqsMessageSender implements MessageSender {

    private final SqsClient sqs;

    public SqsMessageSender(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public void send(String queueUrl, String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }
}
