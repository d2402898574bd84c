/**
 * The face recognition engine: {@link io.elasticface.engine.FaceEngine} turns image bytes into every
 * face found, largest first, each with box, five landmarks, detector score, 128-D descriptor and the
 * gallery's answer.
 *
 * <p>Pipeline and packages:
 * <ol>
 *   <li>{@code image}: JPEG, PNG, WebP and BMP recognised by their bytes, the pixel budget checked from the
 *       header, large photos decoded subsampled, JPEGs turned upright by their EXIF orientation; a summed-area
 *       table serves every later resampling.</li>
 *   <li>{@code mtcnn}: MTCNN detection (P-Net pyramid, R-Net, O-Net) with face-api.js@0.10.0's weights.</li>
 *   <li>{@code align}: the similarity transform from the landmarks to dlib's 150x150 chip.</li>
 *   <li>{@code descriptor}: dlib's ResNet face descriptor, agreeing with face-api.js's TF.js model to 2e-7.</li>
 *   <li>{@code gallery}: labelled descriptors in a versioned file; nearest neighbour by L2, same person under
 *       0.6 by default.</li>
 * </ol>
 *
 * <p>The networks are TorchScript compiled by libtorch at start ({@link io.elasticface.engine.TorchScript}),
 * with the weights loaded once, reordered for oneDNN where that pays, and shared (read-only) by all threads;
 * each call works in its own NDArray sub-manager, so there are no predictors to pool. {@code BENCHMARKS.md}
 * has the timings and the accuracy measurements.
 */
package io.elasticface.engine;
