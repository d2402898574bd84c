package io.elasticface.image;

import java.util.Optional;

/**
 * An image's format and pixel size, read from its header without decoding it, so that a pixel budget
 * can be enforced before any decoder allocates memory for a hostile image.
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }

    /**
     * Reads format and size from the header. Empty when the bytes are not an accepted image; a header
     * that names a format but whose size cannot be read yields width and height 0 (truncated input).
     */
    public static Optional<ImageHeader> read(byte[] b) {
        return ImageFormat.sniff(b).map(format -> {
            int[] size = switch (format) {
                case PNG -> b.length >= 24 ? new int[] {be32(b, 16), be32(b, 20)} : null;
                case BMP -> new int[] {le32(b, 18), Math.abs(le32(b, 22))};
                case WEBP -> webpSize(b);
                case JPEG -> jpegSize(b);
            };
            return size == null || size[0] <= 0 || size[1] <= 0
                    ? new ImageHeader(format, 0, 0)
                    : new ImageHeader(format, size[0], size[1]);
        });
    }

    private static int[] jpegSize(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // TEM and RSTn carry no length
                i += 2;
                continue;
            }
            int length = be16(b, i + 2);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC;
            if (startOfFrame) {
                return new int[] {be16(b, i + 7), be16(b, i + 5)};
            }
            if (length < 2) {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    private static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new int[] {le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
            case "VP8L" -> {
                int bits = le32(b, 21);
                yield new int[] {(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
            }
            case "VP8X" -> new int[] {le24(b, 24) + 1, le24(b, 27) + 1};
            default -> null;
        };
    }

    private static int be16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int be32(byte[] b, int i) {
        return (be16(b, i) << 16) | be16(b, i + 2);
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static int le24(byte[] b, int i) {
        return le16(b, i) | ((b[i + 2] & 0xFF) << 16);
    }

    private static int le32(byte[] b, int i) {
        return le16(b, i) | (le16(b, i + 2) << 16);
    }
}
