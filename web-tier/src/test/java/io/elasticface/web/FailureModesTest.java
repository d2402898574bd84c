package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.elasticface.testing.TestImages;
import io.elasticface.wire.WireCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

/**
 * What goes wrong in production, reproduced against the real queues: several web tiers on one request
 * queue, poison messages, a worker that stops mid-request, replies nobody waits for.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureModesTest {

    private static final LocalSystem system = LocalSystem.get();
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static String webA;
    private static String webB;
    private static ConfigurableApplicationContext webTierB;

    @BeforeAll
    static void start() {
        contexts.add(system.startScriptedWorker("steady", Map.of("elasticface.worker.concurrency", 2)));
        webA = url(system.startWeb("failure-replies-a", Map.of("elasticface.web.reply-timeout", "30s")));
        webTierB = system.startWeb("failure-replies-b", Map.of());
        webB = url(webTierB);
    }

    private static String url(ConfigurableApplicationContext web) {
        contexts.add(web);
        return "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }

    @Test
    @Order(1)
    void twoWebTiersSideBySideEachGetTheirOwnReplies() {
        List<CompletableFuture<HttpResponse<String>>> a = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> b = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] imageA = TestImages.encode(100 + i, 10, "png");
            byte[] imageB = TestImages.encode(200 + i, 10, "png");
            a.add(CompletableFuture.supplyAsync(() -> Http.upload(webA + "/recognize", "inputFile", "x.png", imageA)));
            b.add(CompletableFuture.supplyAsync(() -> Http.upload(webB + "/recognize", "inputFile", "x.png", imageB)));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(width(a.get(i).join())).isEqualTo(100 + i);
            assertThat(width(b.get(i).join())).isEqualTo(200 + i);
        }
    }

    @Test
    @Order(2)
    void aRequestThatKeepsFailingIsAnsweredWithAnErrorAndDeadLettered() {
        int before = ScriptedRecognizer.calls.get();
        HttpResponse<String> response = Http.upload(webA + "/recognize", "inputFile", "poison.png",
                TestImages.encode(ScriptedRecognizer.FAILS, 10, "png"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.body()).contains("failed repeatedly").contains("scripted failure");
        // the test queue's redrive maxReceiveCount is 3: three attempts, then the dead-letter queue
        assertThat(ScriptedRecognizer.calls.get() - before).isEqualTo(3);
        awaitMessages(system.names.deadLetterQueue(), 1);
    }

    @Test
    @Order(3)
    void aMalformedMessageEndsInTheDeadLetterQueueWithoutStoppingTheWorker() {
        int dead = system.approximateMessages(system.names.deadLetterQueue());
        String url = system.sqs.getQueueUrl(b -> b.queueName(system.names.requestQueue())).queueUrl();
        system.sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"not\":\"a request\"}"));

        awaitMessages(system.names.deadLetterQueue(), dead + 1);
        HttpResponse<String> after = Http.upload(webA + "/", "inputFile", "fine.png", TestImages.encode(9, 9, "png"));
        assertThat(after.body()).isEqualTo("fine:placeholder");
    }

    @Test
    @Order(4)
    void aMalformedMessageGoesToTheDeadLetterQueueAtOnceAndItsSenderIsAnswered() {
        String replies = system.sqs.createQueue(b -> b.queueName("failure-malformed-replies")).queueUrl();
        String requests = system.sqs.getQueueUrl(b -> b.queueName(system.names.requestQueue())).queueUrl();
        int before = ScriptedRecognizer.calls.get();
        // readable id and reply-to, but no bucket or key: no retry can ever make it work
        system.sqs.sendMessage(b -> b.queueUrl(requests).messageBody(
                "{\"version\":1,\"id\":\"malformed-1\",\"fileName\":\"m.png\",\"sentAt\":1,\"replyTo\":\""
                        + replies + "\"}"));

        Message reply = receive(replies, "malformed-1");
        JsonNode json = WireCodec.mapper().readTree(reply.body());
        assertThat(json.get("id").asString()).isEqualTo("malformed-1");
        assertThat(json.get("status").asString()).isEqualTo("FAILED");
        assertThat(json.get("message").asString()).contains("malformed request").contains("bucket");

        String deadLetters = system.sqs.getQueueUrl(b -> b.queueName(system.names.deadLetterQueue())).queueUrl();
        Message dead = receive(deadLetters, "malformed-1");
        assertThat(dead.body()).contains("malformed-1");
        // moved by the worker on the first receive (redrive after three would carry no reason)
        assertThat(dead.messageAttributes()).containsKey("elasticface-refused");
        assertThat(dead.messageAttributes().get("elasticface-refused").stringValue()).contains("bucket");
        assertThat(ScriptedRecognizer.calls.get()).isEqualTo(before);
        system.sqs.deleteMessage(b -> b.queueUrl(deadLetters).receiptHandle(dead.receiptHandle()));
    }

    private static Message receive(String queueUrl, String containing) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (Message m : system.sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)
                    .maxNumberOfMessages(10).messageAttributeNames("All")).messages()) {
                if (m.body().contains(containing)) {
                    return m;
                }
            }
        }
        throw new AssertionError("no message containing " + containing + " arrived on " + queueUrl);
    }

    @Test
    @Order(5)
    void aWorkerThatStopsMidRequestLosesNothingAndTheRequestIsAnsweredOnce() throws Exception {
        ScriptedRecognizer.hanging = new CountDownLatch(1);
        // a second worker that will stop with the request in hand: its drain is shorter than the request
        ConfigurableApplicationContext doomed = system.startScriptedWorker("doomed", Map.of(
                "elasticface.worker.drain-timeout", "1s", "elasticface.worker.concurrency", 1));
        contexts.get(0).close(); // only the doomed worker may take the request
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() ->
                Http.upload(webA + "/recognize", "inputFile", "slow.png",
                        TestImages.encode(ScriptedRecognizer.HANGS, 10, "png")));
        assertThat(ScriptedRecognizer.hanging.await(30, TimeUnit.SECONDS)).isTrue();
        doomed.close();
        // hang no more: the next worker answers the same request once its visibility runs out
        ScriptedRecognizer.hanging = new CountDownLatch(1);
        ConfigurableApplicationContext rescuer = system.startWorker("rescuer", Map.of());
        contexts.add(rescuer);

        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = WireCodec.mapper().readTree(response.body());
        assertThat(json.get("worker").asString()).isEqualTo("rescuer");
        assertThat(system.approximateMessages(system.names.requestQueue())).isZero();
    }

    @Test
    @Order(6)
    void aReplyNobodyWaitsForIsDeletedAndTheResultStaysFetchable() {
        // as a worker would answer a request sent by an earlier run of web tier B
        String replies = system.sqs.getQueueUrl(b -> b.queueName("failure-replies-b")).queueUrl();
        system.sqs.sendMessage(b -> b.queueUrl(replies).messageBody("{\"version\":1,\"id\":\"orphan-1\","
                + "\"fileName\":\"x.png\",\"status\":\"OK\",\"faces\":[]}"));
        MeterRegistry meters = webTierB.getBean(MeterRegistry.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (meters.counter("elasticface.web.replies.orphaned").count() < 1) {
            assertThat(System.nanoTime()).as("the orphan reply was never consumed").isLessThan(deadline);
            Thread.onSpinWait();
        }
        awaitMessages("failure-replies-b", 0);
    }

    @Test
    @Order(7)
    void aStoppingWorkerFinishesTheRequestItHoldsBeforeItExits() throws Exception {
        ConfigurableApplicationContext draining = system.startScriptedWorker("draining", Map.of(
                "elasticface.worker.drain-timeout", "30s", "elasticface.worker.concurrency", 1));
        contexts.get(contexts.size() - 1).close(); // the rescuer: only the draining worker may take it
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() ->
                Http.upload(webA + "/recognize", "inputFile", "slow.png",
                        TestImages.encode(ScriptedRecognizer.SLOW, 10, "png")));
        assertThat(ScriptedRecognizer.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

        draining.close(); // as SIGTERM does: stop receiving, finish what is held, then exit

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(WireCodec.mapper().readTree(response.body()).get("worker").asString()).isEqualTo("draining");
        assertThat(system.approximateMessages(system.names.requestQueue())).isZero();
    }

    @Test
    @Order(8)
    void aStoppingWebTierAnswersTheRequestsThatWaitBeforeItExits() throws Exception {
        ScriptedRecognizer.slowStarted = new CountDownLatch(1);
        contexts.add(system.startScriptedWorker("for-web-c", Map.of("elasticface.worker.concurrency", 1)));
        ConfigurableApplicationContext webC = system.startWeb("failure-replies-c", Map.of());
        String urlC = "http://127.0.0.1:" + ((WebServerApplicationContext) webC).getWebServer().getPort();
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() ->
                Http.upload(urlC + "/", "inputFile", "late.png", TestImages.encode(ScriptedRecognizer.SLOW, 10, "png")));
        assertThat(ScriptedRecognizer.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(webC::close); // as SIGTERM does

        HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("late:placeholder");
        closing.get(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(9)
    void aStoppingWebTierTakesNoNewRequestsWhileItAnswersTheOnesThatWait() throws Exception {
        ScriptedRecognizer.slowStarted = new CountDownLatch(1);
        ConfigurableApplicationContext webD = system.startWeb("failure-replies-d", Map.of());
        String urlD = "http://127.0.0.1:" + ((WebServerApplicationContext) webD).getWebServer().getPort();
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() ->
                Http.upload(urlD + "/", "inputFile", "early.png", TestImages.encode(ScriptedRecognizer.SLOW, 10, "png")));
        assertThat(ScriptedRecognizer.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(webD::close);
        while (webD.isActive()) {
            Thread.onSpinWait();
        }
        Thread.sleep(300);
        // shutdown has begun: a new request must be turned away at once, not accepted and cut off later
        Throwable refused = catchThrowable(() ->
                Http.upload(urlD + "/", "inputFile", "late.png", TestImages.encode(9, 9, "png")));
        assertThat(refused).as("a request sent after shutdown began was taken").isNotNull();

        HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("early:placeholder");
        closing.get(30, TimeUnit.SECONDS);
    }

    private static int width(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WireCodec.mapper().readTree(response.body()).get("faces").get(0).get("box").get("right").asInt();
    }

    private static void awaitMessages(String queue, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (system.approximateMessages(queue) != expected) {
            assertThat(System.nanoTime()).as("queue %s never held %d messages", queue, expected).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
