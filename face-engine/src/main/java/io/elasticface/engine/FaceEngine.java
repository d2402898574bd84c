package io.elasticface.engine;

import ai.djl.ndarray.NDManager;
import io.elasticface.engine.align.FaceAligner;
import io.elasticface.engine.descriptor.ResNetDescriptor;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryMatcher;
import io.elasticface.engine.image.AreaSampler;
import io.elasticface.engine.image.ImageDecoder;
import io.elasticface.engine.image.RgbImage;
import io.elasticface.engine.mtcnn.Detection;
import io.elasticface.engine.mtcnn.MtcnnDetector;
import io.elasticface.engine.mtcnn.MtcnnNets;
import io.elasticface.engine.mtcnn.Rect;
import io.elasticface.engine.weights.Weights;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.imageio.ImageIO;

/**
 * The face recognition engine: decode, MTCNN detection, alignment to dlib's chip, dlib ResNet descriptor,
 * gallery match.
 *
 * <p>One instance per process owns the weights (loaded once, about 100 MB native) and is shared by all
 * worker threads. It keeps no per-call state: each call runs the networks as functions in its own
 * NDArray sub-manager, closed before the call returns, so concurrent calls need no predictor pool. The
 * gallery can be replaced while calls run; each call uses the gallery it started with. Close it once
 * callers have stopped.
 */
public final class FaceEngine implements AutoCloseable {

    public static final String NAME = "mtcnn+dlib-resnet";
    private static final long CLOSE_WAIT_SECONDS = 10;
    private static final int DESCRIBE_BATCH = 16;

    private final EngineSettings settings;
    private final NDManager weights;
    private final ImageDecoder decoder;
    private final MtcnnNets nets;
    private final MtcnnDetector detector;
    private final FaceAligner aligner;
    private final ResNetDescriptor descriptor;
    private volatile GalleryMatcher matcher;
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private volatile boolean closed;

    public FaceEngine(EngineSettings settings, Gallery gallery) {
        this.settings = settings;
        this.weights = Torch.newManager();
        // The two nets load on two threads: each is mostly reading weights and building its modules, and a
        // worker waits for both before its first answer.
        CompletableFuture<ResNetDescriptor> describer = null;
        MtcnnNets loaded = null;
        try {
            // kernels per net, each probed on its net's thread: on some CPUs oneDNN's fused kernels go wrong for
            // one net's shapes and not the other's
            this.decoder = new ImageDecoder(settings.maxPixels(), settings.maxDecodeSide());
            describer = CompletableFuture.supplyAsync(() -> new ResNetDescriptor(weights,
                    Weights.fromClasspath(ResNetDescriptor.WEIGHTS),
                    settings.kernels().resolve(weights, ResNetDescriptor.PACKED_CONVS)), FaceEngine::loaderThread);
            loaded = new MtcnnNets(weights, Weights.fromClasspath(MtcnnNets.WEIGHTS),
                    settings.kernels().resolve(weights, MtcnnNets.PACKED_CONVS));
            this.nets = loaded;
            this.detector = new MtcnnDetector(nets, settings.minFaceSize(), settings.minFaceFraction(),
                    settings.maxDetectionSide());
            this.aligner = new FaceAligner(ResNetDescriptor.CHIP);
            this.descriptor = joinLoad(describer);
        } catch (RuntimeException e) {
            closeAfterFailure(describer, loaded);
            throw e;
        }
        setGallery(gallery);
    }

    private static void loaderThread(Runnable load) {
        Thread thread = new Thread(load, "face-engine-load");
        thread.setDaemon(true);
        thread.start();
    }

    private static ResNetDescriptor joinLoad(CompletableFuture<ResNetDescriptor> load) {
        try {
            return load.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Whatever loaded before the failure, the descriptor once its thread is done with it, then the weights. */
    private void closeAfterFailure(CompletableFuture<ResNetDescriptor> describer, MtcnnNets loaded) {
        if (describer != null) {
            try {
                describer.join().close();
            } catch (RuntimeException ignored) {
                // it failed by itself: nothing of it is left open
            }
        }
        if (loaded != null) {
            loaded.close();
        }
        weights.close();
    }

    /** Replaces the gallery; calls already running finish with the old one. */
    public void setGallery(Gallery gallery) {
        this.matcher = new GalleryMatcher(gallery, settings.matchRule(), settings.threshold());
    }

    /** The descriptor of the largest face, if any (for enrolling a photo). */
    public Optional<float[]> largestFaceDescriptor(byte[] image) throws UnreadableImageException {
        return describe(image).stream().findFirst().map(Face::descriptor);
    }

    /**
     * Every face in an image, the largest first, with landmarks, descriptor and gallery match.
     *
     * @throws UnreadableImageException when the bytes are not a decodable image or exceed the pixel budget
     */
    public List<Face> describe(byte[] image) throws UnreadableImageException {
        inUse.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the face engine is closed");
            }
            return describeOpen(image);
        } finally {
            inUse.readLock().unlock();
        }
    }

    private List<Face> describeOpen(byte[] image) throws UnreadableImageException {
        RgbImage decoded = decoder.decode(image);
        AreaSampler sampler = new AreaSampler(decoded);
        GalleryMatcher gallery = matcher;
        try (NDManager call = weights.newSubManager()) {
            List<Detection> detections = detector.detect(sampler, call);
            float[][] descriptors = describeInBatches(chips(sampler, detections));
            List<Face> faces = new ArrayList<>(detections.size());
            for (int i = 0; i < detections.size(); i++) {
                Detection d = detections.get(i).scale(decoded.toSource());
                faces.add(new Face(box(d.box(), decoded), d.score(), points(d.landmarks()),
                        descriptors[i], gallery.match(descriptors[i])));
            }
            faces.sort(Comparator.comparingInt((Face f) -> f.box().area()).reversed());
            return faces;
        }
    }

    /**
     * A square JPEG of a face for people to look at (an enrolled face's thumbnail): the box with a margin of a
     * quarter on each side, in the photo as shown (EXIF orientation applied, as boxes are), scaled to {@code side}.
     */
    public byte[] thumbnail(byte[] image, Box box, int side) throws UnreadableImageException {
        RgbImage decoded = decoder.decode(image);
        double scale = 1 / decoded.toSource();
        double cx = (box.left() + box.right()) / 2.0 * scale;
        double cy = (box.top() + box.bottom()) / 2.0 * scale;
        double half = Math.max(box.width(), box.height()) * scale * 0.75;
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int sx = (int) Math.floor(cx - half + (x + 0.5) * 2 * half / side);
                int sy = (int) Math.floor(cy - half + (y + 0.5) * 2 * half / side);
                if (sx >= 0 && sy >= 0 && sx < decoded.width() && sy < decoded.height()) {
                    int i = (sy * decoded.width() + sx) * 3;
                    out.setRGB(x, y, (decoded.rgb()[i] & 0xff) << 16 | (decoded.rgb()[i + 1] & 0xff) << 8
                            | decoded.rgb()[i + 2] & 0xff);
                }
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "jpg", jpeg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jpeg.toByteArray();
    }

    /** The aligned 150x150 chips of every face in an image, for measuring the descriptor net apart. */
    List<float[]> chips(byte[] image) throws UnreadableImageException {
        AreaSampler sampler = new AreaSampler(decoder.decode(image));
        try (NDManager call = weights.newSubManager()) {
            return chips(sampler, detector.detect(sampler, call));
        }
    }

    private List<float[]> chips(AreaSampler sampler, List<Detection> detections) {
        List<float[]> chips = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            chips.add(aligner.chip(sampler, d.landmarks()));
        }
        return chips;
    }

    /** Descriptors of chips in one call of the net: a batch of {@code chips.size()}. */
    float[][] describeChips(List<float[]> chips) {
        return descriptor.describe(chips);
    }

    /** A photo of a crowd must not make one huge batch: descriptors in groups of {@value #DESCRIBE_BATCH}. */
    private float[][] describeInBatches(List<float[]> chips) {
        float[][] descriptors = new float[chips.size()][];
        for (int from = 0; from < chips.size(); from += DESCRIBE_BATCH) {
            int to = Math.min(chips.size(), from + DESCRIBE_BATCH);
            System.arraycopy(descriptor.describe(chips.subList(from, to)), 0, descriptors, from, to - from);
        }
        return descriptors;
    }

    private static Box box(Rect r, RgbImage image) {
        int width = (int) Math.round(image.width() * image.toSource());
        int height = (int) Math.round(image.height() * image.toSource());
        return new Box(clamp(r.x1(), width), clamp(r.y1(), height), clamp(r.x2(), width), clamp(r.y2(), height));
    }

    private static int clamp(double v, int max) {
        return (int) Math.max(0, Math.min(max, Math.round(v)));
    }

    private static List<Face.Point> points(double[] xy) {
        List<Face.Point> points = new ArrayList<>(xy.length / 2);
        for (int i = 0; i < xy.length; i += 2) {
            points.add(new Face.Point(xy[i], xy[i + 1]));
        }
        return points;
    }

    /**
     * Frees the weights once no call is running. A call still running after a shutdown's drain timeout
     * keeps them: freeing native memory under it would crash the JVM instead of letting it exit.
     */
    @Override
    public void close() {
        try {
            if (inUse.writeLock().tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                try {
                    if (!closed) {
                        closed = true;
                        try (weights; nets; descriptor) {
                            // closed in reverse order: descriptor, nets, then the weights' arrays under them
                        }
                    }
                } finally {
                    inUse.writeLock().unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
