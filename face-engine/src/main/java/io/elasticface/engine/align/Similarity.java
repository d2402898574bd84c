package io.elasticface.engine.align;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation):
 * {@code x' = a x - b y + tx}, {@code y' = b x + a y + ty}.
 */
public record Similarity(double a, double b, double tx, double ty) {

    /**
     * The least-squares similarity taking each {@code from} point to the matching {@code to} point.
     *
     * @param from points as {@code x0, y0, x1, y1, ...}
     * @param to   the same number of points
     */
    public static Similarity fit(double[] from, double[] to) {
        if (from.length != to.length || from.length < 4 || from.length % 2 != 0) {
            throw new IllegalArgumentException("need two or more matching points");
        }
        int n = from.length / 2;
        double fx = 0;
        double fy = 0;
        double tx = 0;
        double ty = 0;
        for (int i = 0; i < n; i++) {
            fx += from[2 * i];
            fy += from[2 * i + 1];
            tx += to[2 * i];
            ty += to[2 * i + 1];
        }
        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double norm = 0;
        double dot = 0;
        double cross = 0;
        for (int i = 0; i < n; i++) {
            double x = from[2 * i] - fx;
            double y = from[2 * i + 1] - fy;
            double u = to[2 * i] - tx;
            double v = to[2 * i + 1] - ty;
            norm += x * x + y * y;
            dot += x * u + y * v;
            cross += x * v - y * u;
        }
        if (norm == 0) {
            throw new IllegalArgumentException("the points coincide");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new Similarity(a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy));
    }

    public double x(double x, double y) {
        return a * x - b * y + tx;
    }

    public double y(double x, double y) {
        return b * x + a * y + ty;
    }

    /** How much lengths grow under the transform. */
    public double scale() {
        return Math.hypot(a, b);
    }
}
