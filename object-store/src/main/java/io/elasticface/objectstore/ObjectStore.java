package io.elasticface.objectstore;

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

    /** Creates the bucket if it does not exist. */
    void ensureBucket(String bucket);
}
