package io.elasticface.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.objectstore.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ObjectResultStoreTest {

    /** A map as the object store: the S3 adapter itself is tested against S3Proxy in its module. */
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final ObjectStore store = new ObjectStore() {
        @Override
        public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
            objects.put(bucket + "/" + key, bytes);
        }

        @Override
        public Optional<byte[]> get(String bucket, String key) {
            return Optional.ofNullable(objects.get(bucket + "/" + key));
        }

        @Override
        public void delete(String bucket, String key) {
            objects.remove(bucket + "/" + key);
        }

        @Override
        public Optional<String> version(String bucket, String key) {
            return Optional.empty();
        }

        @Override
        public List<String> keys(String bucket, String prefix) {
            return objects.keySet().stream()
                    .filter(k -> k.startsWith(bucket + "/" + prefix))
                    .map(k -> k.substring(bucket.length() + 1))
                    .sorted()
                    .toList();
        }

        @Override
        public List<String> folders(String bucket, String prefix) {
            throw new UnsupportedOperationException("the result store lists no folders");
        }

        @Override
        public void ensureBucket(String bucket) {
        }
    };
    private final ObjectResultStore results = new ObjectResultStore(store, "gallery");

    @Test
    void aReplyIsOneJsonObjectUnderTheResultsPrefixAndReadsBackWhole() {
        results.put(Replies.ok("r-1", "a.jpg"));
        results.put(Replies.ok("r-1", "a.jpg")); // redelivered: one record

        assertThat(objects).containsOnlyKeys("gallery/results/r-1.json");
        assertThat(new String(objects.get("gallery/results/r-1.json"), StandardCharsets.UTF_8)).contains("\"Paul\"");
        assertThat(results.get("r-1")).hasValueSatisfying(r -> assertThat(r.primaryName()).isEqualTo("Paul"));
        assertThat(results.get("r-2")).isEmpty();
    }

    @Test
    void anIdThatIsNotAnIdNeverBecomesAKey() {
        assertThatThrownBy(() -> results.get("../gallery.bin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCorruptObjectIsAStoreError() {
        objects.put("gallery/results/r-3.json", "not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> results.get("r-3")).isInstanceOf(ResultStoreException.class)
                .hasMessageContaining("results/r-3.json");
    }
}
