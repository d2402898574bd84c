package io.elasticface.web.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply.Timings;
import io.elasticface.wire.RecognitionReply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry of waiting requests, as a table: what happens to request "a" after each sequence of events,
 * and whether anything is left waiting.
 */
class PendingRepliesTest {

    private static final Duration LONG = Duration.ofMinutes(1);
    private static final Duration SHORT = Duration.ofMillis(50);

    enum Outcome { ANSWERED, FAILED, TIMED_OUT, WAITING }

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of(List.of("register a", "reply a"), Outcome.ANSWERED, 0),
                Arguments.of(List.of("register a", "reply b"), Outcome.WAITING, 1),
                Arguments.of(List.of("register a", "register b", "reply b"), Outcome.WAITING, 1),
                Arguments.of(List.of("register a", "abandon a"), Outcome.FAILED, 0),
                Arguments.of(List.of("register a", "reply a", "abandon a"), Outcome.ANSWERED, 0),
                Arguments.of(List.of("register a", "reply a", "reply a"), Outcome.ANSWERED, 0),
                Arguments.of(List.of("register a briefly", "wait"), Outcome.TIMED_OUT, 0),
                Arguments.of(List.of("register a briefly", "wait", "reply a"), Outcome.TIMED_OUT, 0));
    }

    @ParameterizedTest(name = "{0} → {1}, {2} waiting")
    @MethodSource("sequences")
    void afterEachSequence(List<String> events, Outcome outcome, int waiting) throws Exception {
        PendingReplies pending = new PendingReplies();
        CompletableFuture<RecognitionReply> a = null;
        for (String event : events) {
            String[] words = event.split(" ");
            switch (words[0]) {
                case "register" -> {
                    var future = pending.register(words[1], words.length > 2 ? SHORT : LONG);
                    a = words[1].equals("a") ? future : a;
                }
                case "reply" -> pending.complete(reply(words[1]));
                case "abandon" -> pending.abandon(words[1], new IllegalStateException("not sent"));
                case "wait" -> Thread.sleep(SHORT.toMillis() * 4);
                default -> throw new IllegalArgumentException(event);
            }
        }
        assertThat(outcomeOf(a)).isEqualTo(outcome);
        assertThat(pending.size()).isEqualTo(waiting);
    }

    @Test
    void aReplyIsHandedOverOnceAndOnlyToItsRequest() {
        PendingReplies pending = new PendingReplies();
        pending.register("a", LONG);

        assertThat(pending.complete(reply("a"))).isTrue();
        assertThat(pending.complete(reply("a"))).as("a second reply for the same id").isFalse();
        assertThat(pending.complete(reply("nobody"))).isFalse();
    }

    @Test
    void anIdCannotWaitTwice() {
        PendingReplies pending = new PendingReplies();
        pending.register("a", LONG);

        assertThatThrownBy(() -> pending.register("a", LONG)).isInstanceOf(IllegalStateException.class);
    }

    private static Outcome outcomeOf(CompletableFuture<RecognitionReply> future) throws InterruptedException {
        if (!future.isDone()) {
            return Outcome.WAITING;
        }
        try {
            future.get(1, TimeUnit.SECONDS);
            return Outcome.ANSWERED;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof TimeoutException ? Outcome.TIMED_OUT : Outcome.FAILED;
        } catch (TimeoutException e) {
            return Outcome.WAITING;
        }
    }

    private static RecognitionReply reply(String id) {
        return new RecognitionReply(RecognitionReply.VERSION, id, id + ".jpg", Status.OK, null, List.of(),
                "test", "worker", Timings.NONE);
    }
}
