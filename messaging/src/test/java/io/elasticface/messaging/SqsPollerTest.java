package io.elasticface.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@link SqsPoller} against ElasticMQ: what it takes, when it deletes, what it leaves, how it stops. */
class SqsPollerTest {

    private static SQSRestServer server;
    private static SqsClient sqs;
    private SqsPoller poller;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).withAWSRegion("us-east-1").start();
        server.waitUntilStarted();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        sqs = SqsClients.create(new AwsClients(AwsProperties.emulators(endpoint, endpoint)));
    }

    @AfterAll
    static void stopServer() {
        sqs.close();
        server.stopAndWait();
    }

    @AfterEach
    void stopPoller() {
        if (poller != null) {
            poller.stop();
        }
    }

    @Test
    void everyMessageIsHandledOnceWithAtMostConcurrencyInHandAndDeletedAfterwards() {
        String queue = queue(30);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger inHand = new AtomicInteger();
        AtomicInteger mostInHand = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        IntStream.range(0, 25).forEach(i -> send(queue, "m" + i));

        poller = start(queue, 3, message -> {
            mostInHand.accumulateAndGet(inHand.incrementAndGet(), Math::max);
            sleep(20);
            calls.incrementAndGet();
            handled.add(message.body());
            inHand.decrementAndGet();
        });

        await(() -> handled.size() == 25 && count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0);
        assertThat(handled).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 25).mapToObj(i -> "m" + i).toList());
        assertThat(calls).hasValue(25);
        assertThat(mostInHand.get()).isBetween(2, 3);
        assertThat(count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
    }

    @Test
    void aFullPollerLeavesTheRestInTheQueueForAnotherConsumer() throws Exception {
        String queue = queue(30);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        send(queue, "first");
        send(queue, "second");

        poller = start(queue, 1, message -> {
            received.incrementAndGet();
            awaitLatch(release);
        });

        await(() -> received.get() == 1);
        Thread.sleep(1500); // more than a poll: a poller that asked for more would hold the second by now
        assertThat(count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
        assertThat(count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo(1);
        release.countDown();
        await(() -> received.get() == 2);
    }

    @Test
    void aHandlerThatThrowsLeavesItsMessageToComeBackAfterTheVisibilityTimeout() {
        String queue = queue(1);
        Map<Integer, String> receives = new ConcurrentHashMap<>();
        send(queue, "flaky");

        poller = start(queue, 1, message -> {
            receives.put(message.receiveCount(), message.body());
            if (message.receiveCount() == 1) {
                throw new IllegalStateException("first receive fails");
            }
        });

        await(() -> receives.containsKey(2) && count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0);
        assertThat(receives).containsOnlyKeys(1, 2).containsValue("flaky");
        assertThat(count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
    }

    @Test
    void anExtendedMessageStaysHiddenPastTheQueuesVisibilityTimeout() throws Exception {
        String queue = queue(1);
        CountDownLatch extended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        send(queue, "slow");

        poller = start(queue, 1, message -> {
            received.incrementAndGet();
            message.visibility().extendTo(Duration.ofSeconds(10));
            extended.countDown();
            awaitLatch(release);
        });

        assertThat(extended.await(10, TimeUnit.SECONDS)).isTrue();
        // past the queue's 1 s: without the extension another consumer would get it now
        List<?> other = sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(2)).messages();
        assertThat(other).isEmpty();
        release.countDown();
        await(() -> count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0);
        assertThat(received).hasValue(1);
    }

    @Test
    void stoppingFinishesTheMessagesInHandAndReceivesNoMore() throws Exception {
        String queue = queue(30);
        CountDownLatch bothInHand = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> finished = ConcurrentHashMap.newKeySet();
        send(queue, "a");
        send(queue, "b");
        poller = start(queue, 2, message -> {
            bothInHand.countDown();
            awaitLatch(release);
            finished.add(message.body());
        });
        assertThat(bothInHand.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(poller::stop);
        Thread.sleep(300);
        assertThat(stopped).isNotDone(); // it waits for the two in hand
        release.countDown();
        stopped.get(10, TimeUnit.SECONDS);

        assertThat(finished).containsExactlyInAnyOrder("a", "b");
        assertThat(poller.isRunning()).isFalse();
        send(queue, "after");
        Thread.sleep(1500);
        assertThat(count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
        assertThat(count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isZero();
    }

    @Test
    void aDrainTimeoutLeavesUnfinishedMessagesOnTheQueue() throws Exception {
        String queue = queue(1);
        CountDownLatch inHand = new CountDownLatch(1);
        send(queue, "stuck");
        poller = new SqsPoller(sqs, queue, new SqsPoller.Settings(1, Duration.ofSeconds(1), Duration.ofMillis(200)),
                message -> {
                    inHand.countDown();
                    sleep(60_000);
                }, "test");
        poller.start();
        assertThat(inHand.await(10, TimeUnit.SECONDS)).isTrue();

        poller.stop(); // interrupts the handler after 200 ms

        await(() -> count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1);
    }

    @Test
    void settingsOutsideWhatSqsAllowsAreRefused() {
        assertThatThrownBy(() -> new SqsPoller.Settings(0, Duration.ofSeconds(20), Duration.ofSeconds(1)))
                .hasMessageContaining("concurrency must be at least 1");
        assertThatThrownBy(() -> new SqsPoller.Settings(1, Duration.ofSeconds(21), Duration.ofSeconds(1)))
                .hasMessageContaining("pollTimeout must be 1 to 20 s");
    }

    private SqsPoller start(String queue, int concurrency, SqsPoller.Handler handler) {
        SqsPoller started = new SqsPoller(sqs, queue,
                new SqsPoller.Settings(concurrency, Duration.ofSeconds(1), Duration.ofSeconds(10)), handler, "test");
        started.start();
        return started;
    }

    private static String queue(int visibilitySeconds) {
        return sqs.createQueue(b -> b.queueName("poller-" + UUID.randomUUID())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilitySeconds))))
                .queueUrl();
    }

    private static void send(String queue, String body) {
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
    }

    private static int count(String queue, QueueAttributeName attribute) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(attribute))
                .attributes().get(attribute));
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 20 s");
            }
            sleep(50);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
