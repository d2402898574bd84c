package io.elasticface.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small images made in the test, for the tests that need an image but not a face. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] encode(int width, int height, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG header that claims a huge size, followed by nothing: rejected before any decoding. */
    public static byte[] pngClaiming(int width, int height) {
        byte[] b = encode(8, 8, "png");
        b[16] = (byte) (width >>> 24);
        b[17] = (byte) (width >>> 16);
        b[18] = (byte) (width >>> 8);
        b[19] = (byte) width;
        b[20] = (byte) (height >>> 24);
        b[21] = (byte) (height >>> 16);
        b[22] = (byte) (height >>> 8);
        b[23] = (byte) height;
        return b;
    }
}
