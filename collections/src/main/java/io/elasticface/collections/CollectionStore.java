package io.elasticface.collections;

import io.elasticface.objectstore.ObjectStore;
import io.elasticface.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;

/**
 * Collections in the gallery bucket. Every object is written once and never changed, so readers cache what
 * they read by key:
 * <pre>
 * collections/{collection}/changes/{version}.json     one {@link Change} each
 * collections/{collection}/snapshots/{version}.bin    one {@link Snapshot} each, written by compaction
 *                                                     ({@link SnapshotCodec}; {@code .json} from earlier releases)
 * thumbnails/{collection}/{faceId}.jpg                a small picture of each enrolled face
 * </pre>
 * The {@code default} collection also has a base: the gallery file that {@code gallery build} writes
 * (the configured gallery key), which existing deployments already hold.
 */
public final class CollectionStore {

    static final String ROOT = "collections/";
    private static final String THUMBNAILS = "thumbnails/";
    private static final String CHANGES = "/changes/";
    private static final String SNAPSHOTS = "/snapshots/";
    private static final String JSON = ".json";
    private static final String BINARY = ".bin";

    private final ObjectStore store;
    private final String bucket;
    private final String galleryKey;

    /**
     * @param galleryKey the gallery file's key, the {@code default} collection's base
     */
    public CollectionStore(ObjectStore store, String bucket, String galleryKey) {
        this.store = store;
        this.bucket = bucket;
        this.galleryKey = galleryKey;
    }

    public void ensureBucket() {
        store.ensureBucket(bucket);
    }

    /** Writes a change under its version; writing the same version again writes the same change. */
    public void append(String collection, String version, Change change) {
        store.put(bucket, ROOT + collection + CHANGES + version + JSON,
                WireCodec.toJson(change).getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
    }

    /** A face's thumbnail, apart from the collection's log (listings of the log never see it). */
    public void putThumbnail(String collection, String faceId, byte[] jpeg) {
        store.put(bucket, thumbnailKey(collection, faceId), jpeg, "image/jpeg", Map.of());
    }

    public Optional<byte[]> thumbnail(String collection, String faceId) {
        return store.get(bucket, thumbnailKey(collection, faceId));
    }

    public void deleteThumbnail(String collection, String faceId) {
        store.delete(bucket, thumbnailKey(collection, faceId));
    }

    private static String thumbnailKey(String collection, String faceId) {
        return THUMBNAILS + collection + "/" + faceId + ".jpg";
    }

    void writeSnapshot(String collection, String version, Snapshot snapshot) {
        store.put(bucket, ROOT + collection + SNAPSHOTS + version + BINARY, SnapshotCodec.encode(snapshot),
                "application/octet-stream", Map.of());
    }

    /** Every collection that has an object, and {@code default}, sorted. */
    public List<String> collections() {
        TreeSet<String> names = new TreeSet<>(store.folders(bucket, ROOT));
        names.add(Names.DEFAULT_COLLECTION);
        return List.copyOf(names);
    }

    /** The keys of a collection's snapshots and changes. */
    List<String> objects(String collection) {
        return store.keys(bucket, ROOT + collection + "/");
    }

    static boolean isSnapshot(String key) {
        return key.contains(SNAPSHOTS) && (key.endsWith(BINARY) || key.endsWith(JSON));
    }

    static boolean isChange(String key) {
        return key.contains(CHANGES) && key.endsWith(JSON);
    }

    static String versionOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1, key.lastIndexOf('.'));
    }

    /** A change, or empty when it is gone (compacted away since it was listed). */
    Optional<Change> change(String key) {
        return store.get(bucket, key).map(bytes -> read(key, bytes, Change.class));
    }

    Optional<Snapshot> snapshot(String key) {
        return store.get(bucket, key).map(bytes -> {
            if (key.endsWith(JSON)) {
                return read(key, bytes, Snapshot.class);
            }
            try {
                return SnapshotCodec.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new UnreadableObjectException("s3://" + bucket + "/" + key + " is not a snapshot: "
                        + e.getMessage());
            }
        });
    }

    void delete(String key) {
        store.delete(bucket, key);
    }

    /** The gallery file's version (ETag), or empty when there is none. */
    Optional<String> galleryVersion() {
        return store.version(bucket, galleryKey);
    }

    /** The gallery file's faces, with ids derived from their content (stable across reads). */
    Optional<List<FaceEntry>> galleryFaces() {
        return store.get(bucket, galleryKey).map(bytes -> {
            GalleryFile file = read(galleryKey, bytes, GalleryFile.class);
            if (file.format() != GalleryFile.FORMAT || !GalleryFile.MODEL.equals(file.model())) {
                throw new UnreadableObjectException("s3://" + bucket + "/" + galleryKey + " is gallery format "
                        + file.format() + " of " + file.model() + ", not format " + GalleryFile.FORMAT + " of "
                        + GalleryFile.MODEL);
            }
            List<FaceEntry> faces = new ArrayList<>(file.entries().size());
            for (GalleryFile.Entry e : file.entries()) {
                faces.add(new FaceEntry(galleryFaceId(e), e.name(), e.source(), null, e.descriptor()));
            }
            return faces;
        });
    }

    private static String galleryFaceId(GalleryFile.Entry e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((e.name() + "\n" + e.source() + "\n").getBytes(StandardCharsets.UTF_8));
            for (float f : e.descriptor()) {
                int bits = Float.floatToIntBits(f);
                sha.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
            }
            return "g-" + HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private <T> T read(String key, byte[] bytes, Class<T> type) {
        try {
            return WireCodec.mapper().readValue(bytes, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnreadableObjectException("s3://" + bucket + "/" + key + " is not a " + type.getSimpleName()
                    + ": " + e.getMessage());
        }
    }

    /**
     * The gallery file as {@code gallery build} writes it (the engine's {@code Gallery}), read here without the
     * engine, which the web tier does not load.
     */
    record GalleryFile(int format, String model, List<Entry> entries) {
        static final int FORMAT = 1;
        static final String MODEL = "mtcnn+dlib-resnet/face-api.js@0.10.0";

        GalleryFile {
            entries = entries == null ? List.of() : entries;
        }

        record Entry(String name, String source, float[] descriptor) {
        }
    }

    public static final class UnreadableObjectException extends RuntimeException {
        public UnreadableObjectException(String message) {
            super(message);
        }
    }
}
