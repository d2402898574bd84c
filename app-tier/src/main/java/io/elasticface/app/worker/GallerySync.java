package io.elasticface.app.worker;

import io.elasticface.engine.gallery.Gallery;
import io.elasticface.objectstore.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker's gallery equal to the one in S3: loads it at start, then, on every {@link #refresh()},
 * loads it again only when its ETag changed — a new gallery needs no restart. A gallery that cannot be
 * read is logged and the current one kept.
 */
public final class GallerySync {

    private static final Logger log = LoggerFactory.getLogger(GallerySync.class);

    private final ObjectStore store;
    private final String bucket;
    private final String key;
    private final Consumer<Gallery> target;
    private volatile String loadedVersion;

    public GallerySync(ObjectStore store, String bucket, String key, Consumer<Gallery> target) {
        this.store = store;
        this.bucket = bucket;
        this.key = key;
        this.target = target;
    }

    /** Loads the gallery if it changed since the last load; returns whether it did. Never throws. */
    public boolean refresh() {
        Optional<String> version;
        try {
            version = store.version(bucket, key);
        } catch (RuntimeException e) {
            log.warn("Cannot check the gallery at s3://{}/{}, trying again later: {}", bucket, key, e.getMessage());
            return false;
        }
        if (version.isEmpty()) {
            if (loadedVersion == null) {
                log.warn("No gallery at s3://{}/{}: every face will be named Unknown until one is uploaded "
                        + "(bin/elasticface gallery build, then upload it there)", bucket, key);
                loadedVersion = "";
            }
            return false;
        }
        if (version.get().equals(loadedVersion)) {
            return false;
        }
        try {
            Optional<byte[]> bytes = store.get(bucket, key);
            if (bytes.isEmpty()) {
                return false;
            }
            Gallery gallery = Gallery.read(new ByteArrayInputStream(bytes.get()));
            target.accept(gallery);
            loadedVersion = version.get();
            log.info("Loaded gallery s3://{}/{} ({} entries, version {})", bucket, key, gallery.entries().size(),
                    version.get());
            return true;
        } catch (IOException | RuntimeException e) {
            log.error("Cannot read the gallery at s3://{}/{}; keeping the current one: {}", bucket, key,
                    e.getMessage());
            loadedVersion = version.get();
            return false;
        }
    }
}
