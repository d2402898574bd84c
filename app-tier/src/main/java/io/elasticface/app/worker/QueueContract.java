package io.elasticface.app.worker;

import io.elasticface.wire.WireCodec;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * What the request queue promises, read from the queue itself at start so that the worker can never
 * disagree with it: how long a received message stays hidden (extensions must come sooner), and after
 * how many receives it moves to the dead-letter queue (the last chance to answer the client).
 *
 * @param url          the queue's URL
 * @param visibility   the queue's visibility timeout
 * @param maxReceives  the redrive policy's maxReceiveCount; {@link Integer#MAX_VALUE} without one
 * @param deadLetterUrl the redrive policy's dead-letter queue; null without one
 */
public record QueueContract(String url, Duration visibility, int maxReceives, String deadLetterUrl) {

    public static QueueContract read(SqsClient sqs, String queueName) {
        String url;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new IllegalStateException("the request queue " + queueName + " does not exist: provision it "
                    + "first (deploy/cloudformation, or bin/elasticface local does it)", e);
        }
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                .attributes();
        String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
        boolean redrives = redrive != null && !redrive.isBlank();
        int maxReceives = !redrives ? Integer.MAX_VALUE
                : WireCodec.mapper().readTree(redrive).path("maxReceiveCount").asInt(Integer.MAX_VALUE);
        String deadLetterArn = !redrives ? "" : WireCodec.mapper().readTree(redrive).path("deadLetterTargetArn").asString("");
        // arn:aws:sqs:<region>:<account>:<name>
        String deadLetterUrl = deadLetterArn.isEmpty() ? null : sqs.getQueueUrl(b -> b.queueName(
                deadLetterArn.substring(deadLetterArn.lastIndexOf(':') + 1))).queueUrl();
        return new QueueContract(url,
                Duration.ofSeconds(Long.parseLong(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))),
                maxReceives, deadLetterUrl);
    }
}
