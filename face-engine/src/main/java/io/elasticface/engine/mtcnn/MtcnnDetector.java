package io.elasticface.engine.mtcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.elasticface.engine.Torch;
import io.elasticface.engine.image.AreaSampler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * MTCNN face detection (Zhang et al. 2016): a P-Net pyramid proposes boxes, R-Net and O-Net refine them,
 * O-Net adds five landmarks. Thresholds 0.6 / 0.7 / 0.7; suppression 0.5 within a pyramid level, 0.7 across
 * levels, 0.5 after R-Net, 0.7 'Min' after O-Net; box regression and squaring between stages. Inputs are RGB
 * (face-api.js feeds BGR, which found fewer faces).
 *
 * <p>Large images are detected on a copy whose long side is at most {@code maxDetectionSide}; boxes and
 * landmarks come back in the coordinates of the image given.
 */
public final class MtcnnDetector {

    private static final int CELL = 12;
    private static final int CELL_STRIDE = 2;
    private static final double PYRAMID_FACTOR = 0.709;
    private static final double[] THRESHOLDS = {0.6, 0.7, 0.7};
    /**
     * Each stage runs its candidates as one batch; a crowded or textured photo can propose thousands, so
     * only the best scored go on (the native memory of a batch grows with it, per concurrent call).
     */
    static final int MAX_RNET_CANDIDATES = 1000;
    static final int MAX_ONET_CANDIDATES = 200;

    private final MtcnnNets nets;
    private final double minFaceSize;
    private final double minFaceFraction;
    private final int maxDetectionSide;

    /**
     * @param minFaceSize      the smallest face searched for, in pixels of the detection image
     * @param minFaceFraction  and at least this fraction of the detection image's short side
     * @param maxDetectionSide larger images are shrunk to this long side before the pyramid
     */
    public MtcnnDetector(MtcnnNets nets, double minFaceSize, double minFaceFraction, int maxDetectionSide) {
        this.nets = nets;
        this.minFaceSize = minFaceSize;
        this.minFaceFraction = minFaceFraction;
        this.maxDetectionSide = maxDetectionSide;
    }

    /**
     * Detects faces.
     *
     * @param image   the image, already decoded into a sampler
     * @param manager where intermediate arrays live; the caller closes it
     */
    public List<Detection> detect(AreaSampler image, NDManager manager) {
        double shrink = Math.min(1.0, (double) maxDetectionSide / Math.max(image.width(), image.height()));
        int width = Math.max(1, (int) Math.round(image.width() * shrink));
        int height = Math.max(1, (int) Math.round(image.height() * shrink));
        // In detection-image coordinates until the end.
        double toImage = 1 / shrink;
        List<Candidate> proposals = propose(image, width, height, manager);
        if (proposals.isEmpty()) {
            return List.of();
        }
        List<Candidate> refined = refine(best(proposals, MAX_RNET_CANDIDATES), image, toImage, manager);
        if (refined.isEmpty()) {
            return List.of();
        }
        List<Detection> detections = new ArrayList<>();
        for (Detection d : output(best(refined, MAX_ONET_CANDIDATES), image, toImage, manager)) {
            detections.add(d.scale(toImage));
        }
        return detections;
    }

    /** The pyramid's scales: from 12/minFace down by 0.709 while the short side stays at least 12 px. */
    static List<Double> scales(int width, int height, double minFaceSize) {
        List<Double> scales = new ArrayList<>();
        double scale = CELL / minFaceSize;
        while (Math.min(Math.floor(width * scale), Math.floor(height * scale)) > CELL) {
            scales.add(scale);
            scale *= PYRAMID_FACTOR;
        }
        return scales;
    }

    /** Stage 1: P-Net over every pyramid level. */
    private List<Candidate> propose(AreaSampler image, int width, int height, NDManager manager) {
        double minFace = Math.max(minFaceSize, minFaceFraction * Math.min(width, height));
        List<Candidate> all = new ArrayList<>();
        for (double scale : scales(width, height, minFace)) {
            int w = (int) Math.floor(width * scale);
            int h = (int) Math.floor(height * scale);
            // P-Net consumes the channels-last view; the level's own array is freed as soon as it has run.
            try (NDArray pixels = manager.create(level(image, w, h), new Shape(1, w, h, 3));
                 NDArray out = nets.pnet(pixels.transpose(0, 3, 1, 2))) {
                int cellsX = (int) out.getShape().get(2);
                int cellsY = (int) out.getShape().get(3);
                all.addAll(Suppression.byIou(cells(out.toFloatArray(), cellsX, cellsY, scale), 0.5));
            }
        }
        List<Candidate> squared = new ArrayList<>();
        for (Candidate c : Suppression.byIou(all, 0.7)) {
            squared.add(new Candidate(c.regressed().square(), c.score(), null));
        }
        return squared;
    }

    /**
     * The whole image area-resampled to {@code width x height}, normalised and transposed, in channels-last
     * order ({@code [x][y][3]}, viewed as P-Net's {@code [1, 3, x, y]}; see Torch). Every level is sampled
     * straight from the decoded image's summed-area table: cheaper here than libtorch shrinking each level
     * from the one before (its area resampling is slow in channels last), and no full-size float copy of a
     * large photo is ever made.
     */
    private static float[] level(AreaSampler image, int width, int height) {
        return normalised(image.resize(width, height));
    }

    /** RGB 0..255 to the nets' input range, {@code (v - 127.5) / 128}, in place. */
    private static float[] normalised(float[] rgb) {
        // times 1/128, exactly the same as dividing by a power of two; the quick compiler would divide
        for (int at = 0; at < rgb.length; at++) {
            rgb[at] = (rgb[at] - 127.5f) * (1f / 128f);
        }
        return rgb;
    }

    /** P-Net's output {@code [1, 6, cellsX, cellsY]} as candidates over the threshold, in image pixels. */
    static List<Candidate> cells(float[] out, int cellsX, int cellsY, double scale) {
        int plane = cellsX * cellsY;
        List<Candidate> candidates = new ArrayList<>();
        for (int a = 0; a < cellsX; a++) {
            for (int b = 0; b < cellsY; b++) {
                int i = a * cellsY + b;
                double score = faceProbability(out[i], out[plane + i]);
                if (score >= THRESHOLDS[0]) {
                    Rect cell = new Rect(a * CELL_STRIDE / scale, b * CELL_STRIDE / scale,
                            (a * CELL_STRIDE + CELL) / scale, (b * CELL_STRIDE + CELL) / scale);
                    float[] offsets = {out[2 * plane + i], out[3 * plane + i], out[4 * plane + i], out[5 * plane + i]};
                    candidates.add(new Candidate(cell, score, offsets));
                }
            }
        }
        return candidates;
    }

    static List<Candidate> best(List<Candidate> candidates, int limit) {
        if (candidates.size() <= limit) {
            return candidates;
        }
        return candidates.stream().sorted(Comparator.comparingDouble(Candidate::score).reversed()).limit(limit)
                .toList();
    }

    /** Stage 2: R-Net on 24x24 patches. */
    private List<Candidate> refine(List<Candidate> proposals, AreaSampler sampler, double toImage, NDManager manager) {
        int n = proposals.size();
        float[] out = run(nets::rnet, patches(proposals, 24, sampler, toImage, manager));
        List<Candidate> passed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int o = i * MtcnnNets.RNET_OUT;
            double score = faceProbability(out[o], out[o + 1]);
            if (score > THRESHOLDS[1]) {
                float[] offsets = {out[o + 2], out[o + 3], out[o + 4], out[o + 5]};
                passed.add(new Candidate(proposals.get(i).box(), score, offsets));
            }
        }
        List<Candidate> refined = new ArrayList<>();
        // 0.5 rather than the original 0.7: O-Net then sees about one box per face instead of five, a third of
        // the detector's time on small photos, with the same montage results (24/24, same distances).
        for (Candidate c : Suppression.byIou(passed, 0.5)) {
            refined.add(new Candidate(c.regressed().square(), c.score(), null));
        }
        return refined;
    }

    /** Stage 3: O-Net on 48x48 patches, with landmarks. */
    private List<Detection> output(List<Candidate> refined, AreaSampler sampler, double toImage, NDManager manager) {
        int n = refined.size();
        float[] out = run(nets::onet, patches(refined, 48, sampler, toImage, manager));
        List<Candidate> passed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int o = i * MtcnnNets.ONET_OUT;
            double score = faceProbability(out[o], out[o + 1]);
            if (score > THRESHOLDS[2]) {
                Rect box = refined.get(i).box();
                // Landmarks are relative to the box O-Net saw, before its own regression.
                double[] points = new double[10];
                for (int p = 0; p < 5; p++) {
                    points[2 * p] = box.x1() + out[o + 6 + p] * box.width();
                    points[2 * p + 1] = box.y1() + out[o + 11 + p] * box.height();
                }
                Rect regressed = box.regress(out[o + 2], out[o + 3], out[o + 4], out[o + 5]);
                passed.add(new Candidate(regressed, score, null, points));
            }
        }
        List<Detection> detections = new ArrayList<>();
        for (Candidate c : Suppression.byOverlapOfSmaller(passed, 0.7)) {
            detections.add(new Detection(c.box(), c.score(), c.landmarks()));
        }
        return detections;
    }

    /**
     * Square patches of each box, normalised and transposed ({@code [n, 3, x, y]}); the sampler's area
     * average keeps large boxes from aliasing when shrunk.
     */
    private static NDArray patches(List<Candidate> boxes, int size, AreaSampler sampler, double toImage,
                                   NDManager manager) {
        int n = boxes.size();
        float[] data = new float[n * 3 * size * size];
        float[] rgb = new float[3];
        for (int i = 0; i < n; i++) {
            Rect box = boxes.get(i).box().scale(toImage);
            double stepX = box.width() / size;
            double stepY = box.height() / size;
            double footprint = Math.max(stepX, stepY);
            int from = i * 3 * size * size;
            if (footprint > 1 && Math.abs(stepX - stepY) <= 1e-9 * footprint) {
                // A square box shrunk (the usual case): the samples' footprints tile it and share corners.
                sampler.patch(box.x1(), box.y1(), footprint, size, data, from);
                continue;
            }
            for (int u = 0; u < size; u++) {
                double cx = box.x1() + (u + 0.5) * stepX;
                for (int v = 0; v < size; v++) {
                    sampler.sample(cx, box.y1() + (v + 0.5) * stepY, footprint, rgb);
                    System.arraycopy(rgb, 0, data, from + (u * size + v) * 3, 3);
                }
            }
        }
        return Torch.channelsLast(manager, normalised(data), n, 3, size, size);
    }

    private static float[] run(UnaryOperator<NDArray> net, NDArray input) {
        try (NDArray out = net.apply(input)) {
            return out.toFloatArray();
        }
    }

    /** Softmax over two logits, the second being "face". */
    private static double faceProbability(float notFace, float face) {
        return 1 / (1 + Math.exp(notFace - face));
    }
}
