package io.elasticface.messaging;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@link MessageSender} on SQS. Requests and replies go without message attributes: attributes count
 * against the request queue's 1 KB maximum.
 */
public final class SqsMessageSender implements MessageSender {

    private final SqsClient sqs;

    public SqsMessageSender(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public void send(String queueUrl, String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = attributes.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> MessageAttributeValue.builder().dataType("String").stringValue(e.getValue()).build()));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(values));
    }
}
