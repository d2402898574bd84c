package io.elasticface.messaging;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates queues with the attributes production uses, where they do not exist yet: the local stack,
 * tests and the web tier's own response queue. On AWS the CloudFormation stack creates them first, and
 * this only looks their URLs up.
 */
public final class QueueProvisioner {

    /** The course caps the request queue at 1 KB: requests only point at images. */
    public static final int REQUEST_MAX_BYTES = 1024;

    private final SqsClient sqs;

    public QueueProvisioner(SqsClient sqs) {
        this.sqs = sqs;
    }

    /**
     * The request queue and its dead-letter queue.
     *
     * @param visibility   how long a received request stays hidden; workers extend it while they work
     * @param maxReceives  receives after which a request that keeps failing moves to the dead-letter queue
     * @return the request queue's URL
     */
    public String ensureRequestQueue(String name, String deadLetterName, Duration visibility, int maxReceives) {
        String dlqUrl = ensure(deadLetterName, Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"));
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return ensure(name, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibility.toSeconds()),
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(REQUEST_MAX_BYTES),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceives + "\"}"));
    }

    /** A response queue; replies are small and read at once. */
    public String ensureResponseQueue(String name) {
        return ensure(name, Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600"));
    }

    /** The URL of an existing queue. */
    public String url(String name) {
        return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private String ensure(String name, Map<QueueAttributeName, String> attributes) {
        try {
            return url(name);
        } catch (QueueDoesNotExistException e) {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        }
    }
}
