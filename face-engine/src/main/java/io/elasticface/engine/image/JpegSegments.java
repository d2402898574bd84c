package io.elasticface.engine.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Removes embedded ICC colour profiles (APP2 {@code ICC_PROFILE} segments) from a JPEG. Java's decoders
 * turn a profile into a colour conversion that cost 15 ms on a 64x64 photo; the pixels stay the same for
 * the sRGB-like profiles of ordinary photos, and the recogniser does not need colour management.
 */
final class JpegSegments {

    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private JpegSegments() {
    }

    /** The JPEG without ICC profile segments; the input itself when it has none or is malformed. */
    static byte[] withoutIccProfile(byte[] jpeg) {
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (length < 2 || i + 2 + length > jpeg.length) {
                break;
            }
            if (marker == 0xE2 && startsWith(jpeg, i + 4, ICC)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(jpeg.length);
                }
                out.write(jpeg, copiedUpTo, i - copiedUpTo);
                copiedUpTo = i + 2 + length;
            }
            i += 2 + length;
        }
        if (out == null) {
            return jpeg;
        }
        out.write(jpeg, copiedUpTo, jpeg.length - copiedUpTo);
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }
}
