package io.elasticface.engine.mtcnn;

/** A box in continuous pixel coordinates: {@code [x1, x2) x [y1, y2)}. */
public record Rect(double x1, double y1, double x2, double y2) {

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    public double intersection(Rect o) {
        double w = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double h = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /** Intersection over union. */
    public double iou(Rect o) {
        double inter = intersection(o);
        return inter == 0 ? 0 : inter / (area() + o.area() - inter);
    }

    /** Intersection over the smaller area, MTCNN's 'Min' overlap. */
    public double overlapOfSmaller(Rect o) {
        double inter = intersection(o);
        return inter == 0 ? 0 : inter / Math.min(area(), o.area());
    }

    /** MTCNN's box regression: each edge moves by its offset times the box's width or height. */
    public Rect regress(float dx1, float dy1, float dx2, float dy2) {
        double w = width();
        double h = height();
        return new Rect(x1 + dx1 * w, y1 + dy1 * h, x2 + dx2 * w, y2 + dy2 * h);
    }

    /** The square with the same centre and the longer side. */
    public Rect square() {
        double side = Math.max(width(), height());
        double cx = (x1 + x2) / 2;
        double cy = (y1 + y2) / 2;
        return new Rect(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2);
    }

    public Rect scale(double factor) {
        return new Rect(x1 * factor, y1 * factor, x2 * factor, y2 * factor);
    }
}
