package io.elasticface.testing;

import io.elasticface.objectstore.ObjectStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ObjectStore} in memory, for tests of the code above the port: what was stored can be read back. */
public final class InMemoryObjectStore implements ObjectStore {

    /** One stored object. */
    public record StoredObject(byte[] bytes, String contentType, Map<String, String> metadata, long version) {
    }

    private final Map<String, Map<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private long versions;

    @Override
    public void ensureBucket(String bucket) {
        buckets.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>());
    }

    @Override
    public synchronized void put(String bucket, String key, byte[] bytes, String contentType,
                                 Map<String, String> metadata) {
        bucket(bucket).put(key, new StoredObject(bytes.clone(), contentType, Map.copyOf(metadata), ++versions));
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        return object(bucket, key).map(o -> o.bytes().clone());
    }

    @Override
    public void delete(String bucket, String key) {
        bucket(bucket).remove(key);
    }

    @Override
    public Optional<String> version(String bucket, String key) {
        return object(bucket, key).map(o -> Long.toString(o.version()));
    }

    @Override
    public List<String> keys(String bucket, String prefix) {
        return bucket(bucket).keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    @Override
    public List<String> folders(String bucket, String prefix) {
        return keys(bucket, prefix).stream().map(k -> k.substring(prefix.length()))
                .filter(rest -> rest.indexOf('/') > 0).map(rest -> rest.substring(0, rest.indexOf('/')))
                .distinct().toList();
    }

    public Optional<StoredObject> object(String bucket, String key) {
        return Optional.ofNullable(bucket(bucket).get(key));
    }

    public int count(String bucket) {
        return bucket(bucket).size();
    }

    /** Whether the bucket holds exactly these bytes under some key. */
    public boolean holds(String bucket, byte[] bytes) {
        return bucket(bucket).values().stream().anyMatch(o -> Arrays.equals(o.bytes(), bytes));
    }

    private Map<String, StoredObject> bucket(String bucket) {
        Map<String, StoredObject> objects = buckets.get(bucket);
        if (objects == null) {
            throw new IllegalStateException("no bucket " + bucket + " (S3 answers NoSuchBucket)");
        }
        return objects;
    }
}
