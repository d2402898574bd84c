package io.elasticface.engine;

import io.elasticface.engine.gallery.MatchRule;

/**
 * How the engine trades speed, safety and recall.
 *
 * @param minFaceSize      smallest face searched for, in pixels of the detection image
 * @param minFaceFraction  and at least this fraction of the detection image's short side: the pyramid's
 *                         first levels cost most, and the answer that matters is the largest face
 * @param maxPixels        images over this many pixels are refused before decoding
 * @param maxDecodeSide    larger images are decoded subsampled to at most this long side (alignment
 *                         samples from this resolution); at most {@value #MAX_DECODE_SIDE}, so that the
 *                         summed-area table's int sums cannot overflow
 * @param maxDetectionSide the detector works on a copy shrunk to at most this long side
 * @param threshold        same-person L2 distance
 * @param matchRule        how several photos per person are used
 * @param kernels          the nets' convolutions: {@link Kernels#AUTO} picks the fused ones where libtorch has them
 */
public record EngineSettings(double minFaceSize, double minFaceFraction, long maxPixels, int maxDecodeSide,
                             int maxDetectionSide, double threshold, MatchRule matchRule, Kernels kernels) {

    public static final int MAX_DECODE_SIDE = 2896;

    public EngineSettings {
        if (maxDecodeSide < 1 || maxDecodeSide > MAX_DECODE_SIDE) {
            throw new IllegalArgumentException("maxDecodeSide must be 1.." + MAX_DECODE_SIDE + ", not " + maxDecodeSide);
        }
        if (minFaceSize < 12 || maxDetectionSide < 12 || maxPixels < 1 || matchRule == null || kernels == null) {
            throw new IllegalArgumentException("invalid engine settings " + this);
        }
    }

    public static EngineSettings defaults() {
        return new EngineSettings(20, 0.05, 50_000_000L, 2048, 1280, 0.6, MatchRule.NEAREST, Kernels.AUTO);
    }

    public EngineSettings withThreshold(double value) {
        return new EngineSettings(minFaceSize, minFaceFraction, maxPixels, maxDecodeSide, maxDetectionSide, value,
                matchRule, kernels);
    }

    public EngineSettings withMaxPixels(long value) {
        return new EngineSettings(minFaceSize, minFaceFraction, value, maxDecodeSide, maxDetectionSide, threshold,
                matchRule, kernels);
    }

    public EngineSettings withKernels(Kernels value) {
        return new EngineSettings(minFaceSize, minFaceFraction, maxPixels, maxDecodeSide, maxDetectionSide, threshold,
                matchRule, value);
    }
}
