package io.elasticface.cli.reliability;

import io.elasticface.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Inputs an attacker or a broken client sends, made from a seed so a failure can be replayed: real photos
 * and small images in every accepted format, truncated, bit-flipped, emptied, mislabelled, glued to other
 * formats, with corrupt EXIF, and headers claiming enormous sizes (decompression and dimension bombs).
 */
final class HostileUploads {

    /** One upload: a name, the declared content type and the bytes. */
    record Upload(String kind, String fileName, String contentType, byte[] bytes) {
    }

    private final Random random;
    private final List<byte[]> seeds = new ArrayList<>();
    private static final String[] FORMATS = {"jpg", "png", "bmp"};
    private static final String[] TYPES = {"image/jpeg", "image/png", "text/plain", "application/octet-stream",
            "application/zip", "image/gif", ""};

    HostileUploads(long seed, List<byte[]> photos) {
        this.random = new Random(seed);
        seeds.addAll(photos);
        for (String format : FORMATS) {
            seeds.add(TestImages.encode(17, 23, format));
            seeds.add(TestImages.encode(640, 480, format));
        }
        seeds.add(webp(64, 64));
    }

    List<Upload> next(int count) {
        List<Upload> uploads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            uploads.add(one(i));
        }
        return uploads;
    }

    private Upload one(int i) {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        String type = TYPES[random.nextInt(TYPES.length)];
        return switch (random.nextInt(11)) {
            case 0 -> new Upload("truncated", "t" + i + ".jpg", type, Arrays.copyOf(seed, random.nextInt(seed.length)));
            case 1, 2 -> new Upload("bit-flipped", "f" + i + ".jpg", type, flip(seed, 1 + random.nextInt(16)));
            case 3 -> new Upload("empty", "e" + i + ".jpg", type, new byte[0]);
            case 4 -> new Upload("polyglot", "p" + i + ".jpg", type, concat(seed, seeds.get(random.nextInt(seeds.size()))));
            case 5 -> new Upload("png-bomb", "b" + i + ".png", "image/png",
                    TestImages.pngClaiming(1 + random.nextInt(100_000), 1 + random.nextInt(100_000)));
            case 6 -> new Upload("jpeg-bomb", "b" + i + ".jpg", "image/jpeg", jpegClaiming(seed(0), 65_000, 65_000));
            case 7 -> new Upload("bmp-bomb", "b" + i + ".bmp", "image/bmp", bmpClaiming(30_000 + random.nextInt(30_000)));
            case 8 -> new Upload("webp-bomb", "b" + i + ".webp", "image/webp", webp(16_383, 16_383));
            case 9 -> new Upload("corrupt-exif", "x" + i + ".jpg", "image/jpeg", withExif(seed(0), garbage(4 + random.nextInt(200))));
            default -> new Upload("random", "r" + i + ".bin", type, garbage(random.nextInt(4096)));
        };
    }

    /** The first seed: a real JPEG photo where the photos were given. */
    private byte[] seed(int index) {
        return seeds.get(index);
    }

    private byte[] flip(byte[] seed, int flips) {
        byte[] b = seed.clone();
        for (int i = 0; i < flips && b.length > 0; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private byte[] garbage(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A JPEG whose SOF marker claims the given size (a dimension bomb); other bytes as in the photo. */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 9 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) >= 0xC0 && (b[i + 1] & 0xFF) <= 0xC2) {
                b[i + 5] = (byte) (height >>> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >>> 8);
                b[i + 8] = (byte) width;
                return b;
            }
        }
        return b;
    }

    /** A BMP header claiming size×size pixels, with almost no pixel data. */
    static byte[] bmpClaiming(int size) {
        ByteBuffer b = ByteBuffer.allocate(54 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(70).putInt(0).putInt(54);
        b.putInt(40).putInt(size).putInt(size).putShort((short) 1).putShort((short) 24).putInt(0).putInt(16)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    /** A minimal lossless-WebP header (RIFF, VP8L) claiming the given canvas, with no real image data. */
    static byte[] webp(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x2F);
        int bits = (width - 1) | ((height - 1) << 14);
        b.putInt(bits).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        return b.array();
    }

    /** The JPEG with an APP1 "Exif" segment of the given (corrupt) body right after SOI. */
    static byte[] withExif(byte[] jpeg, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + body.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
