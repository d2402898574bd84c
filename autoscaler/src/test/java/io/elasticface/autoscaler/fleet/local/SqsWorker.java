package io.elasticface.autoscaler.fleet.local;

import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.messaging.SqsClients;
import java.net.URI;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A stand-in app-tier worker for end-to-end tests: takes one message at a time, "works" on it, prints
 * {@code done <body> by <id>}, deletes it. On SIGTERM it finishes the message in hand, then exits.
 * Arguments: SQS endpoint, queue URL, instance id, work milliseconds.
 */
public final class SqsWorker {

    private static volatile boolean stopping;

    public static void main(String[] args) throws Exception {
        String queueUrl = args[1];
        String id = args[2];
        long workMillis = Long.parseLong(args[3]);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            try {
                main.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("drained " + id);
        }));
        try (SqsClient sqs = SqsClients.create(new AwsClients(AwsProperties.emulators(null, URI.create(args[0]))))) {
            System.out.println("started " + id);
            while (!stopping) {
                for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1)
                        .waitTimeSeconds(1)).messages()) {
                    Thread.sleep(workMillis);
                    System.out.println("done " + m.body() + " by " + id);
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
        }
    }
}
