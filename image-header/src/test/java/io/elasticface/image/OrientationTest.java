package io.elasticface.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The EXIF Orientation tag read from a JPEG's APP1 segment, and everything broken that reads as NORMAL. */
class OrientationTest {

    private static final int ORIENTATION = 0x0112;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int ASCII = 2;

    /** A real JPEG as ImageIO writes it: SOI, APP0 JFIF, tables, image data. */
    private static byte[] jpeg;

    @BeforeAll
    static void encode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "jpg", out);
        jpeg = out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Orientation.class)
    void readsEveryValueInBothByteOrders(Orientation orientation) {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] tiff = tiff(order, 8, entry(ORIENTATION, SHORT, 1, orientation.tag()));
            assertThat(Orientation.read(withApp1(jpeg, exif(tiff)))).as(order.toString()).isEqualTo(orientation);
        }
    }

    @Test
    void theTagsAreTheExifValuesAndQuarterTurnsSwapTheSides() {
        for (int value = 1; value <= 8; value++) {
            assertThat(Orientation.ofTag(value).tag()).isEqualTo(value);
            assertThat(Orientation.ofTag(value).swapsSides()).isEqualTo(value >= 5);
        }
        assertThat(Orientation.ROTATE_90_CLOCKWISE.tag()).isEqualTo(6);
        assertThat(Orientation.ROTATE_270_CLOCKWISE.tag()).isEqualTo(8);
        assertThat(Orientation.ofTag(0)).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.ofTag(9)).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void findsTheTagAmongACamerasOtherEntries() {
        byte[] tiff = tiff(ByteOrder.BIG_ENDIAN, 8,
                entry(0x010F, ASCII, 6, 200), // Make, stored at an offset
                entry(0x0110, ASCII, 12, 210), // Model
                entry(ORIENTATION, SHORT, 1, 6),
                entry(0x011A, 5, 1, 230), // XResolution, a RATIONAL at an offset
                entry(0x8769, LONG, 1, 300)); // the Exif sub-directory, not followed
        assertThat(Orientation.read(withApp1(jpeg, exif(tiff)))).isEqualTo(Orientation.ROTATE_90_CLOCKWISE);
    }

    @Test
    void readsTheSegmentWhereverItStandsBeforeTheImageData() {
        byte[] tiff = tiff(ByteOrder.LITTLE_ENDIAN, 8, entry(ORIENTATION, SHORT, 1, 8));
        byte[] afterJfif = insert(jpeg, 2 + 2 + be16(jpeg, 4), segment(0xE1, exif(tiff)));
        assertThat(Orientation.read(afterJfif)).isEqualTo(Orientation.ROTATE_270_CLOCKWISE);

        byte[] xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>".getBytes(StandardCharsets.US_ASCII);
        byte[] xmpFirst = withApp1(withApp1(jpeg, exif(tiff)), xmp);
        assertThat(Orientation.read(xmpFirst)).isEqualTo(Orientation.ROTATE_270_CLOCKWISE);

        byte[] fillBytes = insert(jpeg, 2, concat(new byte[] {(byte) 0xFF, (byte) 0xFF}, segment(0xE1, exif(tiff))));
        assertThat(Orientation.read(fillBytes)).isEqualTo(Orientation.ROTATE_270_CLOCKWISE);
    }

    @Test
    void noTagMeansNormal() {
        assertThat(Orientation.read(jpeg)).isEqualTo(Orientation.NORMAL);
        byte[] noOrientation = tiff(ByteOrder.BIG_ENDIAN, 8, entry(0x0110, ASCII, 4, 'a' << 24));
        assertThat(Orientation.read(withApp1(jpeg, exif(noOrientation)))).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.read(withApp1(jpeg, exif(tiff(ByteOrder.BIG_ENDIAN, 8))))).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void otherFormatsAndNonImagesAreNormal() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
        assertThat(Orientation.read(png.toByteArray())).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.read("RIFF....WEBPVP8X".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.read(new byte[0])).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.read(null)).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void aTagAfterTheStartOfScanIsImageDataNotMetadata() {
        int sos = indexOfMarker(jpeg, 0xDA);
        int data = sos + 2 + be16(jpeg, sos + 2);
        byte[] tiff = tiff(ByteOrder.BIG_ENDIAN, 8, entry(ORIENTATION, SHORT, 1, 3));
        assertThat(Orientation.read(insert(jpeg, data, segment(0xE1, exif(tiff))))).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.read(insert(jpeg, sos, segment(0xE1, exif(tiff))))).isEqualTo(Orientation.ROTATE_180);
    }

    @ParameterizedTest
    @CsvSource({
        "wrong type LONG,      4, 1, 6",
        "two values,           3, 2, 6",
        "no value,             3, 0, 6",
        "value 0,              3, 1, 0",
        "value 9,              3, 1, 9",
        "value 65535,          3, 1, 65535",
    })
    void aMalformedTagIsNormal(String what, int type, int count, int value) {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] tiff = tiff(order, 8, entry(ORIENTATION, type, count, value));
            assertThat(Orientation.read(withApp1(jpeg, exif(tiff)))).as(what).isEqualTo(Orientation.NORMAL);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 4, 7, 27, 28, 1000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL})
    void aDirectoryOffsetOutsideTheSegmentIsNormal(long offset) {
        // the directory sits at 8 and takes 2 + 12 + 4 = 18 bytes: the segment's TIFF part is 26 bytes long
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] tiff = tiff(order, 8, entry(ORIENTATION, SHORT, 1, 6));
            ByteBuffer.wrap(tiff).order(order).putInt(4, (int) offset);
            assertThat(Orientation.read(withApp1(jpeg, exif(tiff)))).as("offset %d", offset)
                    .isEqualTo(Orientation.NORMAL);
        }
    }

    @Test
    void aDirectoryClaimingMoreEntriesThanFitIsReadAsFarAsItGoes() {
        byte[] tiff = tiff(ByteOrder.LITTLE_ENDIAN, 8, entry(0x0110, ASCII, 4, 0), entry(ORIENTATION, SHORT, 1, 3));
        ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 0xFFFF);
        assertThat(Orientation.read(withApp1(jpeg, exif(tiff)))).isEqualTo(Orientation.ROTATE_180);
        // cut in the middle of the orientation entry: that entry is not read
        byte[] cut = Arrays.copyOf(tiff, 8 + 2 + 12 + 6);
        assertThat(Orientation.read(withApp1(jpeg, exif(cut)))).isEqualTo(Orientation.NORMAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "IM", "MI", "\0\0"})
    void anUnknownByteOrderIsNormal(String mark) {
        byte[] tiff = tiff(ByteOrder.BIG_ENDIAN, 8, entry(ORIENTATION, SHORT, 1, 6));
        tiff[0] = (byte) mark.charAt(0);
        tiff[1] = (byte) mark.charAt(1);
        assertThat(Orientation.read(withApp1(jpeg, exif(tiff)))).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void aWrongMagicNumberIsNormal() {
        byte[] tiff = tiff(ByteOrder.BIG_ENDIAN, 8, entry(ORIENTATION, SHORT, 1, 6));
        tiff[3] = 43;
        assertThat(Orientation.read(withApp1(jpeg, exif(tiff)))).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void truncatedSegmentsAndFilesAreNormalOrRight() {
        byte[] tiff = tiff(ByteOrder.BIG_ENDIAN, 8, entry(0x0110, ASCII, 4, 0), entry(ORIENTATION, SHORT, 1, 5));
        byte[] whole = withApp1(jpeg, exif(tiff));
        int segmentEnd = 2 + 4 + 6 + tiff.length;
        for (int length = 0; length <= whole.length; length++) {
            Orientation read = Orientation.read(Arrays.copyOf(whole, length));
            assertThat(read).as("cut at %d", length)
                    .isEqualTo(length >= segmentEnd ? Orientation.TRANSPOSE : Orientation.NORMAL);
        }
        // a segment length that runs past the end of the file, or is shorter than the length field itself
        for (int length : new int[] {0xFFFF, whole.length, 0, 1}) {
            byte[] lying = whole.clone();
            lying[4] = (byte) (length >>> 8);
            lying[5] = (byte) length;
            assertThat(Orientation.read(lying)).as("segment length %d", length).isEqualTo(Orientation.NORMAL);
        }
        // the TIFF part cut inside its header
        for (int length = 0; length < 8; length++) {
            byte[] cut = withApp1(jpeg, exif(Arrays.copyOf(tiff, length)));
            assertThat(Orientation.read(cut)).isEqualTo(Orientation.NORMAL);
        }
    }

    /** Hostile uploads: random and mutated segments never throw, never hang, and read as one of the 8 values. */
    @Test
    void randomAndBitFlippedSegmentsNeverThrow() {
        Random random = new Random(546);
        byte[] valid = withApp1(jpeg, exif(tiff(ByteOrder.LITTLE_ENDIAN, 8, entry(0x0110, ASCII, 4, 0),
                entry(ORIENTATION, SHORT, 1, 6), entry(0x8769, LONG, 1, 26))));
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                byte[] body = new byte[random.nextInt(300)];
                random.nextBytes(body);
                if (body.length >= 2 && random.nextBoolean()) {
                    body[0] = body[1] = (byte) (random.nextBoolean() ? 'I' : 'M');
                }
                input = withApp1(jpeg, exif(body));
            } else {
                input = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    input[2 + random.nextInt(60)] ^= (byte) (1 << random.nextInt(8));
                }
                input = Arrays.copyOf(input, 2 + random.nextInt(input.length - 1));
            }
            assertThat(Orientation.read(input)).isNotNull();
        }
    }

    // --- EXIF written by hand: the TIFF structure, the "Exif" APP1 segment, its place in the JPEG ---

    private record Entry(int tag, int type, int count, int value) {
    }

    private static Entry entry(int tag, int type, int count, int value) {
        return new Entry(tag, type, count, value);
    }

    /** A TIFF header and IFD0 at {@code ifd} with these entries (a SHORT value left-justified, as TIFF stores it). */
    private static byte[] tiff(ByteOrder order, int ifd, Entry... entries) {
        ByteBuffer b = ByteBuffer.allocate(ifd + 2 + 12 * entries.length + 4).order(order);
        b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        b.putShort((short) 42).putInt(ifd).position(ifd);
        b.putShort((short) entries.length);
        for (Entry e : entries) {
            b.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
            if (e.type() == SHORT) {
                b.putShort((short) e.value()).putShort((short) 0);
            } else {
                b.putInt(e.value());
            }
        }
        b.putInt(0); // no next directory
        return b.array();
    }

    private static byte[] exif(byte[] tiff) {
        return concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff);
    }

    /** The JPEG with an APP1 segment of this body right after SOI. */
    private static byte[] withApp1(byte[] jpeg, byte[] body) {
        return insert(jpeg, 2, segment(0xE1, body));
    }

    private static byte[] segment(int marker, byte[] body) {
        int length = body.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >>> 8), (byte) length}, body);
    }

    private static byte[] insert(byte[] b, int at, byte[] inserted) {
        return concat(concat(Arrays.copyOf(b, at), inserted), Arrays.copyOfRange(b, at, b.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static int be16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int indexOfMarker(byte[] b, int marker) {
        int i = 2;
        while ((b[i + 1] & 0xFF) != marker) {
            i += 2 + be16(b, i + 2);
        }
        return i;
    }
}
