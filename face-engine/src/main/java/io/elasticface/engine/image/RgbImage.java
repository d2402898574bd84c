package io.elasticface.engine.image;

/**
 * A decoded image: 8-bit RGB, interleaved, row-major.
 *
 * @param width    in pixels
 * @param height   in pixels
 * @param rgb      {@code width * height * 3} bytes
 * @param toSource how many pixels of the original image one pixel here spans (1 unless the decoder
 *                 subsampled a large image)
 */
public record RgbImage(int width, int height, byte[] rgb, double toSource) {

    public RgbImage {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " bytes, got " + rgb.length);
        }
    }
}
