package io.elasticface.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryResultStoreTest {

    @TempDir
    Path root;

    private Path dir;
    private DirectoryResultStore store;

    @BeforeEach
    void setUp() {
        dir = root.resolve("results");
        store = new DirectoryResultStore(dir);
        store.ensureExists();
    }

    @Test
    void roundTripsAReply() {
        RecognitionReply reply = Replies.ok("req-1", "a.jpg");

        store.put(reply);

        assertThat(store.get("req-1")).contains(reply);
        assertThat(dir.resolve("req-1.json")).isRegularFile();
    }

    @Test
    void unknownIdIsEmpty() {
        assertThat(store.get("never-stored")).isEmpty();
    }

    @Test
    void putReplacesAnEarlierReplyForTheSameId() {
        store.put(Replies.failed("req-2", "a.jpg", "timed out"));
        RecognitionReply second = Replies.ok("req-2", "a.jpg");

        store.put(second);

        assertThat(store.get("req-2")).contains(second);
    }

    @Test
    void aNewInstanceOnTheSameDirectorySeesEarlierResults() {
        RecognitionReply reply = Replies.crowd("req-3", 40);
        store.put(reply);

        DirectoryResultStore restarted = new DirectoryResultStore(dir);
        restarted.ensureExists();

        assertThat(restarted.get("req-3")).contains(reply);
    }

    @Test
    void aFileThatIsNotAReplyIsAStoreError() throws Exception {
        Files.writeString(dir.resolve("req-6.json"), "{\"id\": ");

        assertThatThrownBy(() -> store.get("req-6"))
                .isInstanceOf(ResultStoreException.class)
                .hasMessageContaining("req-6.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "..", ".", "a/b", "a\\b", "/etc/passwd", "", "a b", "a.json", "zoë",
            "id\u0000x"})
    void rejectsIdsThatAreNotPlainNames(String id) {
        assertThatThrownBy(() -> store.get(id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(Replies.ok(id, "a.jpg"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolve("escape.json")).doesNotExist();
    }

    @Test
    void rejectsOverlongIds() {
        assertThatThrownBy(() -> store.get("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void putWithoutTheDirectoryNamesTheMissingDirectory() {
        DirectoryResultStore missing = new DirectoryResultStore(root.resolve("absent"));

        assertThatThrownBy(() -> missing.put(Replies.ok("req-4", "a.jpg")))
                .isInstanceOf(MissingResultStoreException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void concurrentWritersOfOneIdLeaveOneWholeReplyAndNoTemporaryFiles() throws Exception {
        List<RecognitionReply> candidates = List.of(
                Replies.ok("req-5", "a.jpg"),
                Replies.failed("req-5", "a.jpg", "first attempt failed"),
                Replies.crowd("req-5", 200));
        int writers = 6;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                RecognitionReply mine = candidates.get(w % candidates.size());
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        store.put(mine);
                    }
                    return null;
                }));
            }
            // Meanwhile a reader must only ever see a whole reply that some writer wrote.
            AtomicBoolean writing = new AtomicBoolean(true);
            Future<?> reader = pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    store.get("req-5").ifPresent(read -> assertThat(candidates).contains(read));
                }
                return null;
            });
            start.countDown();
            for (Future<?> task : tasks) {
                task.get();
            }
            writing.set(false);
            reader.get();
        } finally {
            pool.shutdownNow();
        }

        RecognitionReply last = WireCodec.fromJson(Files.readString(dir.resolve("req-5.json")), RecognitionReply.class);
        assertThat(candidates).contains(last);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("req-5.json");
        }
    }
}
