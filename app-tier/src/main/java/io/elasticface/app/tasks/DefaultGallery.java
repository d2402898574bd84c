package io.elasticface.app.tasks;

import io.elasticface.collections.CollectionCache;
import io.elasticface.collections.FaceEntry;
import io.elasticface.collections.Names;
import io.elasticface.engine.gallery.Gallery;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's gallery (what {@code POST /} and {@code /recognize} name faces from) equal to the
 * {@code default} collection: the gallery file plus what the API enrolled or removed. Checked before each
 * recognition, which costs nothing while the cache is fresh; an idle worker makes no calls.
 */
public final class DefaultGallery implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DefaultGallery.class);

    private final CollectionCache cache;
    private final Consumer<Gallery> target;
    private long loaded = -1;

    public DefaultGallery(CollectionCache cache, Consumer<Gallery> target) {
        this.cache = cache;
        this.target = target;
    }

    /** Loads the gallery if the collection changed; never throws (the current gallery stays). */
    @Override
    public void run() {
        CollectionCache.View view;
        try {
            view = cache.view(Names.DEFAULT_COLLECTION, null);
        } catch (RuntimeException e) {
            log.warn("Cannot check collection {}, keeping the current gallery: {}", Names.DEFAULT_COLLECTION,
                    e.getMessage());
            return;
        }
        synchronized (this) {
            if (view.generation() <= loaded) { // an older view raced past a newer one
                return;
            }
            target.accept(Gallery.of(view.faces().stream()
                    .map(f -> new Gallery.Entry(f.subject(), f.source(), f.descriptor())).toList()));
            loaded = view.generation();
            log.info("Gallery of collection {}: {} faces of {} people", Names.DEFAULT_COLLECTION, view.faces().size(),
                    view.faces().stream().map(FaceEntry::subject).distinct().count());
        }
    }
}
