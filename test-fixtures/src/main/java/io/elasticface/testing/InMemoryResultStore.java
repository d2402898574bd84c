package io.elasticface.testing;

import io.elasticface.results.ResultStore;
import io.elasticface.results.ResultStoreException;
import io.elasticface.wire.RecognitionReply;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ResultStore} in memory that counts writes and can be told to fail, as a store that is down. */
public final class InMemoryResultStore implements ResultStore {

    private final Map<String, RecognitionReply> records = new ConcurrentHashMap<>();
    private final AtomicInteger puts = new AtomicInteger();
    private volatile String outage;

    @Override
    public void put(RecognitionReply reply) {
        failIfDown();
        puts.incrementAndGet();
        records.put(reply.id(), reply);
    }

    @Override
    public Optional<RecognitionReply> get(String id) {
        failIfDown();
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public void ensureExists() {
    }

    /** From now on every call fails with this message, as {@link ResultStoreException}; null heals it. */
    public InMemoryResultStore down(String message) {
        this.outage = message;
        return this;
    }

    /** Writes that succeeded, counting rewrites of the same id. */
    public int puts() {
        return puts.get();
    }

    public int size() {
        return records.size();
    }

    private void failIfDown() {
        String message = outage;
        if (message != null) {
            throw new ResultStoreException(message, null);
        }
    }
}
