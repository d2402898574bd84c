package io.elasticface.objectstore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objects in a bucket: uploaded images, results, the gallery. */
public interface ObjectStore {

    /** Stores bytes under a key, with user metadata (for example the original file name). */
    void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata);

    /** The object's bytes, or empty when there is no such object. */
    Optional<byte[]> get(String bucket, String key);

    /** Deletes an object; deleting one that does not exist is not an error. */
    void delete(String bucket, String key);

    /** A tag that changes whenever the object does (its ETag), or empty when there is no such object. */
    Optional<String> version(String bucket, String key);

    /** Every key under a prefix, in the store's (lexicographic) order; empty when the bucket has none. */
    List<String> keys(String bucket, String prefix);

    /**
     * The next path segment under a prefix, as folders: for keys {@code a/x/1} and {@code a/y/2} under {@code a/},
     * {@code x} and {@code y}.
     */
    List<String> folders(String bucket, String prefix);

    /** Creates the bucket if it does not exist. */
    void ensureBucket(String bucket);
}
