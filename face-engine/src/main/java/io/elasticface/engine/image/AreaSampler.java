package io.elasticface.engine.image;

/**
 * Samples an image at arbitrary positions and scales by averaging over a square footprint, using a summed
 * area table. A footprint of one pixel is bilinear interpolation; a wider one is an exact area average,
 * which keeps large faces from aliasing when they are shrunk to 24, 48 or 150 pixel patches. Outside the
 * image counts as black, as in MTCNN's and dlib's zero padding.
 *
 * <p>Coordinates are continuous: pixel {@code (i, j)} covers {@code [i, i+1) x [j, j+1)}.
 */
public final class AreaSampler {

    private final byte[] rgb;
    private final int width;
    private final int height;
    private final int stride;
    /** Sums over [0, x) x [0, y) per channel, interleaved; ints suffice up to 8.4 megapixels. */
    private final int[] table;

    public AreaSampler(RgbImage image) {
        if (image.width() * (long) image.height() * 255 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image too large for an int summed area table");
        }
        this.rgb = image.rgb();
        width = image.width();
        height = image.height();
        stride = (width + 1) * 3;
        table = new int[stride * (height + 1)];
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
        if (footprint <= 1) {
            bilinear(cx - 0.5, cy - 0.5, out);
            return;
        }
        double half = footprint / 2;
        double x0 = clamp(cx - half, width);
        double x1 = clamp(cx + half, width);
        double y0 = clamp(cy - half, height);
        double y1 = clamp(cy + half, height);
        double r = 0;
        double g = 0;
        double b = 0;
        if (x1 > x0 && y1 > y0) {
            // Sum over the box = S(x1,y1) - S(x0,y1) - S(x1,y0) + S(x0,y0), each S bilinearly interpolated,
            // which is exact for a piecewise constant image.
            for (int k = 0; k < 4; k++) {
                double x = (k & 1) == 0 ? x1 : x0;
                double y = k < 2 ? y1 : y0;
                double sign = k == 0 || k == 3 ? 1 : -1;
                int ix = Math.min((int) x, width - 1);
                int iy = Math.min((int) y, height - 1);
                double fx = x - ix;
                double fy = y - iy;
                double w00 = sign * (1 - fx) * (1 - fy);
                double w10 = sign * fx * (1 - fy);
                double w01 = sign * (1 - fx) * fy;
                double w11 = sign * fx * fy;
                int i = iy * stride + ix * 3;
                int j = i + stride;
                r += w00 * table[i] + w10 * table[i + 3] + w01 * table[j] + w11 * table[j + 3];
                g += w00 * table[i + 1] + w10 * table[i + 4] + w01 * table[j + 1] + w11 * table[j + 4];
                b += w00 * table[i + 2] + w10 * table[i + 5] + w01 * table[j + 2] + w11 * table[j + 5];
            }
        }
        double area = 4 * half * half;
        out[0] = (float) (r / area);
        out[1] = (float) (g / area);
        out[2] = (float) (b / area);
    }

    /**
     * Bilinear interpolation between pixel centres, black outside: the same as a one-pixel area average,
     * at a quarter of the cost (most chips of small faces are enlarged).
     */
    private void bilinear(double x, double y, float[] out) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double r = 0;
        double g = 0;
        double b = 0;
        for (int k = 0; k < 4; k++) {
            int px = x0 + (k & 1);
            int py = y0 + (k >> 1);
            if (px >= 0 && px < width && py >= 0 && py < height) {
                double w = ((k & 1) == 0 ? 1 - fx : fx) * ((k >> 1) == 0 ? 1 - fy : fy);
                int i = (py * width + px) * 3;
                r += w * (rgb[i] & 0xFF);
                g += w * (rgb[i + 1] & 0xFF);
                b += w * (rgb[i + 2] & 0xFF);
            }
        }
        out[0] = (float) r;
        out[1] = (float) g;
        out[2] = (float) b;
    }

    /**
     * The whole image shrunk to {@code w x h} by area averaging (each output pixel the mean of the input
     * area it covers), as RGB floats 0..255, x-major ({@code [x][y][3]}, the order MTCNN's transposed nets
     * read). The table is interpolated once per grid corner and each corner is shared by four output
     * pixels, 4x less work than {@link #sample} per pixel.
     */
    public float[] resize(int w, int h) {
        float[] out = new float[w * h * 3];
        areas(0, 0, (double) width / w, (double) height / h, w, h, out, 0);
        return out;
    }

    /**
     * A square patch of {@code size x size} samples whose footprints tile the square from {@code (x, y)}
     * with side {@code size * step}: the same values as {@link #sample} at each footprint's centre, from
     * the {@code (size + 1)^2} corners the footprints share, 4x fewer table reads. Only for shrinking
     * ({@code step > 1}), where {@link #sample} averages areas.
     *
     * @param out receives RGB (0..255) x-major, {@code [x][y][3]}, from {@code offset}
     */
    public void patch(double x, double y, double step, int size, float[] out, int offset) {
        if (!(step > 1)) {
            throw new IllegalArgumentException("a patch averages areas: step must exceed 1, not " + step);
        }
        areas(x, y, step, step, size, size, out, offset);
    }

    /**
     * The mean colour of each cell of a {@code columns x rows} grid of {@code stepX x stepY} cells from
     * {@code (x, y)}, outside the image counting as black, x-major into {@code out} from {@code offset}.
     */
    private void areas(double x, double y, double stepX, double stepY, int columns, int rows, float[] out,
                       int offset) {
        double[] xs = new double[columns + 1];
        double[] ys = new double[rows + 1];
        for (int k = 0; k <= columns; k++) {
            xs[k] = clamp(x + k * stepX, width);
        }
        for (int l = 0; l <= rows; l++) {
            ys[l] = clamp(y + l * stepY, height);
        }
        double[] grid = cornerSums(xs, ys);
        int gridStride = (columns + 1) * 3;
        double area = stepX * stepY;
        for (int u = 0; u < columns; u++) {
            for (int v = 0; v < rows; v++) {
                int g = v * gridStride + u * 3;
                int o = offset + (u * rows + v) * 3;
                for (int c = 0; c < 3; c++) {
                    int below = g + gridStride + c;
                    double sum = grid[below + 3] - grid[below] - grid[g + 3 + c] + grid[g + c];
                    out[o + c] = (float) (sum / area);
                }
            }
        }
    }

    /**
     * The table bilinearly interpolated at every {@code (xs[k], ys[l])} (each within the image), interleaved
     * RGB, row {@code l} after row {@code l - 1}.
     */
    private double[] cornerSums(double[] xs, double[] ys) {
        int gridStride = xs.length * 3;
        double[] grid = new double[gridStride * ys.length];
        for (int l = 0; l < ys.length; l++) {
            double y = ys[l];
            int iy = Math.min((int) y, height - 1);
            double fy = y - iy;
            for (int k = 0; k < xs.length; k++) {
                double x = xs[k];
                int ix = Math.min((int) x, width - 1);
                double fx = x - ix;
                int i = iy * stride + ix * 3;
                int j = i + stride;
                int g = l * gridStride + k * 3;
                for (int c = 0; c < 3; c++) {
                    double top = table[i + c] + fx * (table[i + 3 + c] - table[i + c]);
                    double bottom = table[j + c] + fx * (table[j + 3 + c] - table[j + c]);
                    grid[g + c] = top + fy * (bottom - top);
                }
            }
        }
        return grid;
    }

    /**
     * Comparisons rather than {@code Math.min(Math.max(..))}: the double versions handle NaN and -0.0, are too
     * long for the quick compiler to inline, and this runs four times for each sample of a face chip.
     */
    private static double clamp(double v, int max) {
        return v < 0 ? 0 : v > max ? max : v;
    }
}
