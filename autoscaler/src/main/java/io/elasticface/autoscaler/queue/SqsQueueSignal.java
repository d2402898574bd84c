package io.elasticface.autoscaler.queue;

import io.elasticface.autoscaler.policy.QueueDepth;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The request queue's approximate counts from one GetQueueAttributes call. */
public final class SqsQueueSignal implements QueueSignal {

    private final SqsClient sqs;
    private final String queueName;
    private volatile String queueUrl;

    public SqsQueueSignal(SqsClient sqs, String queueName) {
        this.sqs = sqs;
        this.queueName = queueName;
    }

    @Override
    public QueueDepth read() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new QueueDepth(
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    // Resolved on first use, not at construction: the queue may be created after the autoscaler starts.
    private String url() {
        String url = queueUrl;
        if (url == null) {
            url = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
            queueUrl = url;
        }
        return url;
    }

    private static int count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Integer.parseInt(value);
    }
}
