package io.elasticface.image;

/**
 * How a JPEG's stored pixels must be turned to be seen upright: its EXIF Orientation tag (TIFF tag 0x0112,
 * values 1-8). Phones store a portrait photo as the sensor read it, landscape, and set this tag instead of
 * rotating the pixels. The names say what makes the stored image upright.
 *
 * <p>Only JPEG's APP1 Exif segment is read. PNG ({@code eXIf}) and WebP ({@code EXIF} chunk) may also carry
 * the tag, rarely in uploads; it is ignored there.
 */
public enum Orientation {
    /** 1: the 0th row is the top, the 0th column the left: as stored. */
    NORMAL(1, false),
    /** 2: the 0th row is the top, the 0th column the right. */
    MIRROR_HORIZONTAL(2, false),
    /** 3: the 0th row is the bottom, the 0th column the right. */
    ROTATE_180(3, false),
    /** 4: the 0th row is the bottom, the 0th column the left. */
    MIRROR_VERTICAL(4, false),
    /** 5: the 0th row is the left side, the 0th column the top (mirrored across the main diagonal). */
    TRANSPOSE(5, true),
    /** 6: the 0th row is the right side, the 0th column the top: a phone's portrait photo. */
    ROTATE_90_CLOCKWISE(6, true),
    /** 7: the 0th row is the right side, the 0th column the bottom (mirrored across the other diagonal). */
    TRANSVERSE(7, true),
    /** 8: the 0th row is the left side, the 0th column the bottom. */
    ROTATE_270_CLOCKWISE(8, true);

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int ENTRY_SIZE = 12;
    private static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};

    private final int tag;
    private final boolean swapsSides;

    Orientation(int tag, boolean swapsSides) {
        this.tag = tag;
        this.swapsSides = swapsSides;
    }

    /** The value of the EXIF tag, 1-8. */
    public int tag() {
        return tag;
    }

    /** Whether the upright image's width is the stored height (the quarter turns and the diagonal mirrors). */
    public boolean swapsSides() {
        return swapsSides;
    }

    /** The orientation of an EXIF tag value, {@link #NORMAL} for anything but 1-8. */
    public static Orientation ofTag(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    /**
     * The orientation a JPEG's first APP1 Exif segment gives in IFD0. {@link #NORMAL} when the bytes are not
     * a JPEG or carry no such tag, and when the segment is unreadable: truncated, offsets out of bounds, an
     * unknown byte order, a tag of the wrong type or value. Browsers show such photos as stored, and a broken
     * tag must not make an upload fail. Never throws, and never reads outside the segment: one pass over the
     * segment headers before the image data, then at most the directory entries that fit in the segment.
     */
    public static Orientation read(byte[] jpeg) {
        if (jpeg == null || jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return NORMAL;
        }
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return NORMAL;
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte before a marker
                i++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // image data or its end: no metadata after this
                return NORMAL;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // markers without a length
                i += 2;
                continue;
            }
            int length = be16(jpeg, i + 2);
            int end = i + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return NORMAL;
            }
            if (marker == 0xE1 && startsWith(jpeg, i + 4, end, EXIF)) {
                return fromTiff(jpeg, i + 4 + EXIF.length, end);
            }
            i = end;
        }
        return NORMAL;
    }

    /** The tag in IFD0 of the TIFF structure in {@code b[start, end)}; offsets in it count from {@code start}. */
    private static Orientation fromTiff(byte[] b, int start, int end) {
        long size = end - start;
        if (size < 8) {
            return NORMAL;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(b, start + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd + 2 > size) {
            return NORMAL;
        }
        int entries = u16(b, start + (int) ifd, little);
        long maxEntries = (size - ifd - 2) / ENTRY_SIZE; // a directory cut short is read as far as it goes
        for (int k = 0; k < Math.min(entries, maxEntries); k++) {
            int entry = start + (int) ifd + 2 + k * ENTRY_SIZE;
            if (u16(b, entry, little) == ORIENTATION_TAG) {
                boolean oneShort = u16(b, entry + 2, little) == TYPE_SHORT && u32(b, entry + 4, little) == 1;
                return oneShort ? ofTag(u16(b, entry + 8, little)) : NORMAL;
            }
        }
        return NORMAL;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int be16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) : be16(b, i);
    }

    private static long u32(byte[] b, int i, boolean little) {
        long low = u16(b, i, little);
        long high = u16(b, i + 2, little);
        return little ? low | (high << 16) : (low << 16) | high;
    }
}
