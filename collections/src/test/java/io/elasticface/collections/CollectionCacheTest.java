package io.elasticface.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.elasticface.testing.InMemoryObjectStore;
import io.elasticface.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The cache and the compactor over an in-memory object store (the S3 adapter is tested with S3Proxy). */
class CollectionCacheTest {

    private static final String BUCKET = "gallery";
    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final CollectionStore store = new CollectionStore(objects, BUCKET, "gallery/current.gallery");
    private final Random random = new Random(5);

    CollectionCacheTest() {
        objects.ensureBucket(BUCKET);
    }

    @Test
    void aViewNamingAVersionItDoesNotKnowIsRefreshedFirst() {
        CollectionCache cache = new CollectionCache(store, Duration.ofHours(1), Clock.systemUTC());
        store.append("team", Versions.of(1, "a"), Change.add("team", Faces.face("f1", "ann", random), 1));
        assertThat(cache.view("team", null).faces()).hasSize(1);

        String version = Versions.of(2, "f2");
        store.append("team", version, Change.add("team", Faces.face("f2", "bob", random), 2));
        assertThat(cache.view("team", null).faces()).as("fresh enough for an hour").hasSize(1);
        CollectionCache.View seen = cache.view("team", version);
        assertThat(seen.faces()).extracting(FaceEntry::subject).containsExactly("ann", "bob");
        assertThat(seen.index().nearestSubjects(seen.faces().get(1).descriptor(), 1).get(0).subject())
                .isEqualTo("bob");
    }

    @Test
    void aCollectionWithoutObjectsDoesNotExistButDefaultAlwaysDoes() {
        CollectionCache cache = new CollectionCache(store, Duration.ZERO, Clock.systemUTC());
        assertThat(cache.view("nobody", null).exists()).isFalse();
        assertThat(cache.known()).doesNotContain("nobody");
        assertThat(cache.view(Names.DEFAULT_COLLECTION, null).exists()).isTrue();
        assertThat(store.collections()).containsExactly(Names.DEFAULT_COLLECTION);
    }

    @Test
    void theGalleryFileIsTheDefaultCollectionsBaseAndAnUnreadableOneKeepsTheFaces() {
        float[] d = Faces.descriptor(random);
        objects.put(BUCKET, "gallery/current.gallery", gallery("ann", d), "application/json", Map.of());
        CollectionCache cache = new CollectionCache(store, Duration.ZERO, Clock.systemUTC());
        List<FaceEntry> faces = cache.view(Names.DEFAULT_COLLECTION, null).faces();
        assertThat(faces).extracting(FaceEntry::subject).containsExactly("ann");

        store.append("default", Versions.of(1, "x"), Change.add("default", Faces.face("f9", "zed", random), 1));
        store.append("default", Versions.of(2, "y"), Change.remove("default", List.of(faces.get(0).faceId()), 2));
        assertThat(cache.view(Names.DEFAULT_COLLECTION, null).faces()).extracting(FaceEntry::subject)
                .containsExactly("zed");

        objects.put(BUCKET, "gallery/current.gallery", "{not json".getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of());
        assertThat(cache.view(Names.DEFAULT_COLLECTION, null).faces()).extracting(FaceEntry::subject)
                .containsExactly("zed");
    }

    @Test
    void compactionFoldsTheLogIntoOneSnapshotAndNothingIsLost() {
        for (int i = 0; i < 30; i++) {
            store.append("c", Versions.of(i, "f" + i), Change.add("c", Faces.face("f" + i, "s" + i % 3, random), i));
        }
        store.append("c", Versions.of(99, "rm"), Change.remove("c", List.of("f0", "f1"), 99));
        Compactor compactor = new Compactor(store, Clock.systemUTC(), 10);
        assertThat(compactor.compact("c")).isEqualTo(31);
        assertThat(objects.keys(BUCKET, "collections/c/")).hasSize(1).allMatch(CollectionStore::isSnapshot);
        assertThat(compactor.compact("c")).as("one snapshot and no log: nothing to do").isZero();

        CollectionCache cache = new CollectionCache(store, Duration.ZERO, Clock.systemUTC());
        CollectionCache.View view = cache.view("c", Versions.of(5, "f5"));
        assertThat(view.faces()).hasSize(28).extracting(FaceEntry::faceId).doesNotContain("f0", "f1");
    }

    @Test
    void aLargeCollectionsSnapshotCarriesItsPartitionAndReadersSearchWithItAndTheChangesSince() {
        int exactUpTo = 100;
        for (int i = 0; i < 300; i++) {
            store.append("big", Versions.of(i, "f" + i), Change.add("big", Faces.face("f" + i, "s" + i, random), i));
        }
        assertThat(new Compactor(store, Clock.systemUTC(), 10, exactUpTo).compact("big")).isEqualTo(300);
        String key = objects.keys(BUCKET, "collections/big/").get(0);
        assertThat(key).endsWith(".bin");
        Snapshot snapshot = store.snapshot(key).orElseThrow();
        assertThat(snapshot.partition()).isNotNull();
        assertThat(snapshot.partition().groupCount()).isEqualTo(17); // √300

        FaceEntry late = Faces.face("late", "latecomer", random);
        store.append("big", Versions.of(400, "late"), Change.add("big", late, 400));
        store.append("big", Versions.of(401, "rm"), Change.remove("big", List.of("f7"), 401));
        CollectionCache cache = new CollectionCache(store, Duration.ZERO, Clock.systemUTC(), exactUpTo);
        CollectionCache.View view = cache.view("big", null);
        assertThat(view.faces()).hasSize(300);
        assertThat(view.index()).isInstanceOf(PartitionedIndex.class);
        assertThat(view.index().nearestSubjects(late.descriptor(), 1).get(0).subject()).isEqualTo("latecomer");
        FaceEntry f8 = snapshot.faces().get(8);
        assertThat(view.index().nearestSubjects(f8.descriptor(), 1).get(0).subject()).isEqualTo("s8");
        FaceEntry f7 = snapshot.faces().get(7);
        assertThat(view.index().nearestSubjects(f7.descriptor(), 1).get(0).subject()).isNotEqualTo("s7");

        // the next compaction reuses the partition: the same centres, the late face in its nearest group
        assertThat(new Compactor(store, Clock.systemUTC(), 1, exactUpTo).compact("big")).isEqualTo(3);
        Snapshot next = store.snapshot(objects.keys(BUCKET, "collections/big/").get(0)).orElseThrow();
        assertThat(next.partition().centres()).containsExactly(snapshot.partition().centres());
        assertThat(next.faces()).hasSize(300);
    }

    /**
     * Writers, two compactors and two readers at once: every face added and not removed is seen at the end,
     * by a reader that followed along and by a new one.
     */
    @Test
    void concurrentWritersCompactorsAndReadersLoseNothing() throws Exception {
        Set<String> expected = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        CollectionCache follower = new CollectionCache(store, Duration.ZERO, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    Random r = new Random(writer);
                    for (int i = 0; i < 150; i++) {
                        String id = "w" + writer + "-" + i;
                        long now = System.currentTimeMillis();
                        store.append("busy", Versions.of(now, id), Change.add("busy", Faces.face(id, "s" + i % 7, r), now));
                        expected.add(id);
                        if (i % 10 == 9) {
                            String gone = "w" + writer + "-" + (i - 5);
                            store.append("busy", Versions.fresh(now), Change.remove("busy", List.of(gone), now));
                            expected.remove(gone);
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> background = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                background.add(pool.submit(() -> {
                    Compactor compactor = new Compactor(store, Clock.systemUTC(), 5);
                    while (writing.get()) {
                        compactor.compact("busy");
                    }
                    return null;
                }));
                background.add(pool.submit(() -> {
                    while (writing.get()) {
                        follower.view("busy", null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            writing.set(false);
            for (Future<?> f : background) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected).hasSize(4 * 150 - 4 * 15);
        assertThat(ids(follower.view("busy", null))).isEqualTo(expected);
        assertThat(ids(new CollectionCache(store, Duration.ZERO, Clock.systemUTC()).view("busy", null)))
                .isEqualTo(expected);
        new Compactor(store, Clock.systemUTC(), 1).compact("busy");
        assertThat(objects.keys(BUCKET, "collections/busy/")).hasSize(1);
        assertThat(ids(new CollectionCache(store, Duration.ZERO, Clock.systemUTC()).view("busy", null)))
                .isEqualTo(expected);
    }

    @Test
    void namesOutsideTheAlphabetAreRefusedWithASentence() {
        assertThat(Names.isValid("team-1.a_b")).isTrue();
        assertThat(Names.isValid("a".repeat(64))).isTrue();
        for (String bad : new String[] {"", "a".repeat(65), "a/b", "..", "ann smith", "é", null}) {
            assertThat(Names.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> Names.require("subject", "a/b")).hasMessageContaining("subject name")
                .hasMessageContaining("'a/b'");
    }

    private static Set<String> ids(CollectionCache.View view) {
        return new HashSet<>(view.faces().stream().map(FaceEntry::faceId).toList());
    }

    private static byte[] gallery(String name, float[] descriptor) {
        Map<String, Object> file = Map.of("format", 1, "model", "mtcnn+dlib-resnet/face-api.js@0.10.0",
                "entries", List.of(Map.of("name", name, "source", name + ".jpg", "descriptor", descriptor)));
        return WireCodec.toJson(file).getBytes(StandardCharsets.UTF_8);
    }
}
