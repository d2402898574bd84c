package io.elasticface.autoscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.autoscaler.fleet.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QueuePolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    /**
     * One row: settings, queue, fleet, expected outcome. A fleet is written as tokens {@code id:S} where
     * S is R (running, optionally {@code @idleSeconds}), P (pending), X (stopping) or S (stopped).
     */
    record Row(String name, ScalingSettings settings, int visible, int inFlight, String fleet,
               int desired, List<String> start, List<String> stop, String reasonHas) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static ScalingSettings course() {
        return new ScalingSettings(0, 15, 1, Duration.ofSeconds(1));
    }

    private static ScalingSettings settings(int min, int max, int per, long graceSeconds) {
        return new ScalingSettings(min, max, per, Duration.ofSeconds(graceSeconds));
    }

    private static String stopped(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            s.append("i%02d:S ".formatted(i));
        }
        return s.toString();
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add("i%02d".formatted(i));
        }
        return ids;
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("a burst starts everything it needs in one step, capped at max", course(),
                        100, 0, stopped(20), 15, ids(1, 15), List.of(), "starting 15"),
                new Row("pending instances count as capacity on the way", course(),
                        10, 0, "a:P b:P c:P d:P e:P " + stopped(10), 10, ids(1, 5), List.of(), "5 pending"),
                new Row("in-flight messages count as demand", course(),
                        0, 3, "a:R b:R c:R i01:S", 3, List.of(), List.of(), "at desired 3"),
                new Row("never above max, pending included", course(),
                        100, 0, "a:R b:R c:R d:R e:R f:R g:R h:R i:R j:R k:P l:P m:P n:P o:P " + stopped(5),
                        15, List.of(), List.of(), "at desired 15"),
                new Row("a stopping instance cannot start: start what is stopped, say why the rest waits",
                        course(), 5, 0, "a:X b:X i01:S", 5, List.of("i01"), List.of(), "2 still stopping"),
                new Row("pool exhausted is said, not thrown", course(),
                        5, 0, "a:R i01:S", 5, List.of("i01"), List.of(), "pool exhausted"),
                new Row("per-instance concurrency divides the backlog, rounding up", settings(0, 15, 4, 1),
                        10, 0, stopped(5), 3, ids(1, 3), List.of(), "needs 3 at 4/instance"),
                new Row("min instances start with an empty queue", settings(2, 15, 1, 1),
                        0, 0, stopped(3), 2, ids(1, 2), List.of(), "starting 2"),
                new Row("scale in only what waited out the grace", course(),
                        0, 0, "a:R@2 b:R@0.5", 0, List.of(), List.of("a"), "stopping 1"),
                new Row("nothing stops while work is in flight, however idle the rest looks", course(),
                        0, 1, "a:R@60 b:R@60 c:R@60", 1, List.of(), List.of(), "waiting for nothing in flight"),
                new Row("an answer without the in-flight count (-1 here) stops nothing", course(),
                        0, -1, "a:R@60 b:R@60", 0, List.of(), List.of(), "unknown in flight"),
                new Row("an empty queue scales to zero", course(),
                        0, 0, "a:R@5 b:R@5 c:R@1", 0, List.of(), List.of("a", "b", "c"), "stopping 3"),
                new Row("min is kept, the longest idle go first", settings(1, 15, 1, 1),
                        0, 0, "a:R@3 b:R@9 c:R@5", 1, List.of(), List.of("b", "c"), "keeping 1"),
                new Row("visible work keeps its instances", course(),
                        2, 0, "a:R@9 b:R@9 c:R@9", 2, List.of(), List.of("a"), "stopping 1"),
                new Row("pending instances are never stopped", course(),
                        0, 0, "a:P b:P", 0, List.of(), List.of(), "none idle"),
                new Row("zero grace stops the moment the queue is empty", settings(0, 15, 1, 0),
                        0, 0, "a:R@0 b:R@0", 0, List.of(), List.of("a", "b"), "stopping 2"),
                new Row("stopped and stopping instances are not capacity", course(),
                        0, 0, "a:X b:S", 0, List.of(), List.of(), "at desired 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        Decision d = new QueuePolicy(row.settings()).decide(
                new Observation(NOW, row.inFlight() < 0 ? QueueDepth.inFlightUnknown(row.visible())
                        : new QueueDepth(row.visible(), row.inFlight()), fleet(row.fleet())));

        assertThat(d.desired()).as("desired").isEqualTo(row.desired());
        assertThat(d.start()).as("start").containsExactlyElementsOf(row.start());
        assertThat(d.stop()).as("stop").containsExactlyElementsOf(row.stop());
        assertThat(d.reason()).contains(row.reasonHas());
    }

    private static List<Member> fleet(String spec) {
        return Arrays.stream(spec.trim().split("\\s+")).filter(s -> !s.isEmpty()).map(token -> {
            String[] parts = token.split(":");
            String id = parts[0];
            String state = parts[1];
            return switch (state.charAt(0)) {
                case 'R' -> {
                    double idle = state.contains("@") ? Double.parseDouble(state.substring(2)) : 0;
                    yield Member.running(id, NOW.minusMillis(Math.round(idle * 1000)));
                }
                case 'P' -> Member.of(id, InstanceState.PENDING);
                case 'X' -> Member.of(id, InstanceState.STOPPING);
                case 'S' -> Member.of(id, InstanceState.STOPPED);
                default -> throw new IllegalArgumentException(token);
            };
        }).toList();
    }
}
