package io.elasticface.testing;

import io.elasticface.messaging.MessageSender;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A {@link MessageSender} that records what was sent, in order, and can be told to fail. */
public final class RecordingMessageSender implements MessageSender {

    /** One sent message. */
    public record Sent(String queueUrl, String body, Map<String, String> attributes) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile Supplier<? extends RuntimeException> failure;

    @Override
    public void send(String queueUrl, String body, Map<String, String> attributes) {
        Supplier<? extends RuntimeException> fail = failure;
        if (fail != null) {
            throw fail.get();
        }
        sent.add(new Sent(queueUrl, body, Map.copyOf(attributes)));
    }

    /** From now on every send throws what the supplier makes (as the SDK would); null heals it. */
    public RecordingMessageSender failWith(Supplier<? extends RuntimeException> failure) {
        this.failure = failure;
        return this;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<String> bodiesTo(String queueUrl) {
        return sent.stream().filter(s -> s.queueUrl().equals(queueUrl)).map(Sent::body).toList();
    }
}
