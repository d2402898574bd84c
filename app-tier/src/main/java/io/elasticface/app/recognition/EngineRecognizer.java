package io.elasticface.app.recognition;

import io.elasticface.engine.Face;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.UnreadableImageException;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.wire.RecognitionReply;
import java.util.List;

/**
 * {@link FaceRecognizer} on the face engine: the engine's faces mapped to the wire's. The engine may still be
 * loading when the worker starts polling: calls wait for it, and the latest gallery is applied once it is there.
 */
public final class EngineRecognizer implements FaceRecognizer, FaceAnalyzer {

    /** Thumbnails of enrolled faces, in pixels: enough for a list of people on a screen. */
    static final int THUMBNAIL_SIDE = 96;

    private final EngineLoad load;
    private Gallery gallery; // the latest, guarded by this
    private volatile boolean galleryApplied; // to the loaded engine, before its first call

    public EngineRecognizer(FaceEngine engine) {
        this(EngineLoad.of(engine));
    }

    public EngineRecognizer(EngineLoad load) {
        this.load = load;
    }

    /** The engine's load, for reports. */
    public EngineLoad load() {
        return load;
    }

    /** The engine, once loaded, with the latest gallery: no call runs on the empty one it loads with. */
    private FaceEngine engine() {
        FaceEngine engine = load.await();
        if (!galleryApplied) {
            synchronized (this) {
                if (!galleryApplied && gallery != null) {
                    engine.setGallery(gallery);
                }
                galleryApplied = true;
            }
        }
        return engine;
    }

    @Override
    public List<RecognitionReply.Face> recognize(byte[] image) throws UnreadableImageException {
        return engine().describe(image).stream().map(EngineRecognizer::toWire).toList();
    }

    @Override
    public List<Face> analyze(byte[] image) throws UnreadableImageException {
        return engine().describe(image);
    }

    @Override
    public byte[] thumbnail(byte[] image, io.elasticface.engine.Box box) throws UnreadableImageException {
        return engine().thumbnail(image, box, THUMBNAIL_SIDE);
    }

    /** Replaces the gallery; requests already running finish with the old one. */
    public synchronized void setGallery(Gallery gallery) {
        this.gallery = gallery;
        if (galleryApplied) {
            load.now().ifPresent(engine -> engine.setGallery(gallery));
        }
    }

    /** The wire's view of an engine face: box, score and the gallery's answer. */
    public static RecognitionReply.Face toWire(Face face) {
        var box = face.box();
        return new RecognitionReply.Face(new RecognitionReply.Box(box.left(), box.top(), box.right(), box.bottom()),
                face.score(), face.match().name(), face.match().distance(), face.match().match());
    }

    @Override
    public String name() {
        return FaceEngine.NAME;
    }

    @Override
    public void close() {
        load.close();
    }
}
