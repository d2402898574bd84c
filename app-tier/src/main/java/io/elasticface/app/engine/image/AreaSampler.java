package io.elasticface.app.engine.image;

/**
 * Samples an image at arbitrary positions and scales by averaging over a square footprint, using a summed
 * area table. A footprint of one pixel is bilinear interpolation; a wider one is an exact area average,
 * which keeps large faces from aliasing when they are shrunk to 24, 48 or 150 pixel patches. Outside the
 * image counts as black, as in MTCNN's and dlib's zero padding.
 *
 * <p>Coordinates are continuous: pixel {@code (i, j)} covers {@code [i, i+1) x [j, j+1)}.
 */
public final class AreaSampler {

    private final int width;
    private final int height;
    private final int stride;
    /** Sums over [0, x) x [0, y) per channel, interleaved; ints suffice up to 8.4 megapixels. */
    private final int[] table;

    public AreaSampler(RgbImage image) {
        if (image.width() * (long) image.height() * 255 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image too large for an int summed area table");
        }
        width = image.width();
        height = image.height();
        stride = (width + 1) * 3;
        table = new int[stride * (height + 1)];
        byte[] rgb = image.rgb();
        for (int y = 0; y < height; y++) {
            int r = 0;
            int g = 0;
            int b = 0;
            int src = y * width * 3;
            int above = y * stride + 3;
            int row = above + stride;
            for (int x = 0; x < width; x++, src += 3, above += 3, row += 3) {
                r += rgb[src] & 0xFF;
                g += rgb[src + 1] & 0xFF;
                b += rgb[src + 2] & 0xFF;
                table[row] = table[above] + r;
                table[row + 1] = table[above + 1] + g;
                table[row + 2] = table[above + 2] + b;
            }
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * The mean colour over the square of side {@code max(1, footprint)} centred at {@code (cx, cy)}.
     *
     * @param out receives red, green, blue (0..255) at {@code out[0..2]}
     */
    public void sample(double cx, double cy, double footprint, float[] out) {
        double half = Math.max(1.0, footprint) / 2;
        double x0 = cx - half;
        double x1 = cx + half;
        double y0 = cy - half;
        double y1 = cy + half;
        double area = (x1 - x0) * (y1 - y0);
        for (int c = 0; c < 3; c++) {
            double sum = at(x1, y1, c) - at(x0, y1, c) - at(x1, y0, c) + at(x0, y0, c);
            out[c] = (float) (sum / area);
        }
    }

    /** The table bilinearly interpolated, which is exact for a piecewise constant image. */
    private double at(double x, double y, int c) {
        x = Math.min(Math.max(x, 0), width);
        y = Math.min(Math.max(y, 0), height);
        int ix = Math.min((int) x, width - 1);
        int iy = Math.min((int) y, height - 1);
        double fx = x - ix;
        double fy = y - iy;
        int i = iy * stride + ix * 3 + c;
        double top = table[i] + fx * (table[i + 3] - table[i]);
        double bottom = table[i + stride] + fx * (table[i + stride + 3] - table[i + stride]);
        return top + fy * (bottom - top);
    }
}
