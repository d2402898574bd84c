package io.elasticface.engine.weights;

/** Rearrangements of weight arrays from the files' layouts into the ones PyTorch convolutions want. */
public final class Layouts {

    private Layouts() {
    }

    /** TensorFlow's {@code [kh, kw, in, out]} filter order to PyTorch's {@code [out, in, kh, kw]}, contiguous. */
    public static float[] hwioToOihw(float[] hwio, int kh, int kw, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * kh + y) * kw + x] = hwio[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return oihw;
    }

    /** PyTorch's {@code [out, in, kh, kw]} filter order to {@code [out, kh, kw, in]} (channels last). */
    public static float[] oihwToOhwi(float[] oihw, int out, int in, int kh, int kw) {
        float[] ohwi = new float[oihw.length];
        int plane = kh * kw;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int p = 0; p < plane; p++) {
                    ohwi[(o * plane + p) * in + i] = oihw[(o * in + i) * plane + p];
                }
            }
        }
        return ohwi;
    }

    /** A row-major {@code rows x cols} matrix transposed. */
    public static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    /**
     * Reorders the rows of a fully connected {@code [h*w*c, out]} matrix whose input was flattened in NHWC
     * order so that it accepts an NCHW-flattened input instead, saving a permute per forward pass.
     */
    public static float[] nhwcRowsToNchw(float[] m, int h, int w, int c, int out) {
        float[] r = new float[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    int from = (y * w + x) * c + ch;
                    int to = (ch * h + y) * w + x;
                    System.arraycopy(m, from * out, r, to * out, out);
                }
            }
        }
        return r;
    }

    /** Concatenates arrays end to end (for merging sibling output layers into one). */
    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
