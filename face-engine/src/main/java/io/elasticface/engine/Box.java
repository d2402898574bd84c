package io.elasticface.engine;

/**
 * A face box in the source image's pixels as shown (see {@link Face}), clipped to it: left and top inclusive,
 * right and bottom exclusive.
 */
public record Box(int left, int top, int right, int bottom) {

    public int width() {
        return right - left;
    }

    public int height() {
        return bottom - top;
    }

    public int area() {
        return width() * height();
    }
}
