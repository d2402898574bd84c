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
        String visible = attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        if (visible == null) {
            throw new IllegalStateException("GetQueueAttributes on " + queueName + " answered without "
                    + "ApproximateNumberOfMessages; nothing is decided this tick");
        }
        String inFlight = attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        // a missing count is "unknown", never 0: reading it as 0 would let the policy stop a busy worker
        return inFlight == null ? QueueDepth.inFlightUnknown(Integer.parseInt(visible))
                : new QueueDepth(Integer.parseInt(visible), Integer.parseInt(inFlight));
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
}
