package io.elasticface.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.elasticface.engine.UnreadableImageException;
import io.elasticface.image.Orientation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private static final Color LEFT = new Color(200, 30, 30);
    private static final Color RIGHT = new Color(20, 40, 220);

    private final ImageDecoder decoder = new ImageDecoder(50_000_000, 2048);

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "bmp"})
    void decodesByContent(String format) throws Exception {
        RgbImage image = decoder.decode(encode(twoColours(64, 48), format));
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(48);
        assertColour(image, 10, 20, LEFT, format.equals("jpg") ? 6 : 0);
        assertColour(image, 50, 20, RIGHT, format.equals("jpg") ? 6 : 0);
    }

    @Test
    void decodesLosslessAndLossyWebp() throws Exception {
        RgbImage lossless = decoder.decode(resource("two-colours-lossless.webp"));
        assertThat(lossless.width()).isEqualTo(64);
        assertColour(lossless, 10, 20, LEFT, 0);
        assertColour(lossless, 50, 20, RIGHT, 0);
        RgbImage lossy = decoder.decode(resource("two-colours-lossy.webp"));
        assertThat(lossy.height()).isEqualTo(48);
        assertColour(lossy, 10, 20, LEFT, 10);
        assertColour(lossy, 50, 20, RIGHT, 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "bmp", "webp"})
    void truncatedFileIsUnreadable(String format) throws Exception {
        byte[] whole = format.equals("webp") ? resource("two-colours-lossy.webp") : encode(noise(64, 48), format);
        byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 3);
        assertThatThrownBy(() -> decoder.decode(truncated)).isInstanceOf(UnreadableImageException.class);
    }

    @Test
    void notAnImageIsUnreadable() {
        assertThatThrownBy(() -> decoder.decode("hello, I am text".getBytes()))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("not a JPEG");
    }

    @Test
    void refusesImagesOverThePixelBudgetBeforeDecoding() throws Exception {
        byte[] png = encode(twoColours(400, 300), "png");
        assertThatThrownBy(() -> new ImageDecoder(100_000, 2048).decode(png))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("budget");
        // A header claiming 60000x60000 with no data behind it is refused from the header alone.
        byte[] bomb = Arrays.copyOf(png, 33);
        writeBigEndian(bomb, 16, 60_000);
        writeBigEndian(bomb, 20, 60_000);
        assertThatThrownBy(() -> decoder.decode(bomb)).hasMessageContaining("budget");
    }

    @Test
    void decodesLargeImagesSubsampled() throws Exception {
        RgbImage image = new ImageDecoder(50_000_000, 100).decode(encode(twoColours(400, 300), "jpg"));
        assertThat(image.width()).isEqualTo(100);
        assertThat(image.height()).isEqualTo(75);
        assertThat(image.toSource()).isEqualTo(4.0);
        assertColour(image, 10, 30, LEFT, 6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "gray jpg"})
    void decodesTheSamePixelsAsImageIoInRgbOrder(String kind) throws Exception {
        // odd sides, so that a subsampled row's last pixel is a partial step
        BufferedImage original = noise(203, 151);
        if (kind.startsWith("gray")) {
            BufferedImage gray = new BufferedImage(203, 151, BufferedImage.TYPE_BYTE_GRAY);
            gray.getGraphics().drawImage(original, 0, 0, null);
            original = gray;
        }
        byte[] file = encode(original, kind.endsWith("png") ? "png" : "jpg");
        for (int longSide : new int[] {2048, 70}) {
            RgbImage decoded = new ImageDecoder(50_000_000, longSide).decode(file);
            int step = longSide == 70 ? 3 : 1;
            BufferedImage expected = ImageIO.read(new java.io.ByteArrayInputStream(file));
            assertThat(decoded.width()).isEqualTo((203 + step - 1) / step);
            assertThat(decoded.height()).isEqualTo((151 + step - 1) / step);
            byte[] rgb = decoded.rgb();
            assertThat(rgb).hasSize(decoded.width() * decoded.height() * 3);
            for (int y = 0; y < decoded.height(); y++) {
                for (int x = 0; x < decoded.width(); x++) {
                    int argb = expected.getRGB(x * step, y * step);
                    int i = (y * decoded.width() + x) * 3;
                    assertThat(new int[] {rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF})
                            .as("%s, 1 in %d, pixel (%d, %d)", kind, step, x, y)
                            .containsExactly(argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF);
                }
            }
        }
    }

    @Test
    void ignoresAnEmbeddedIccProfile() throws Exception {
        byte[] plain = encode(noise(64, 48), "jpg");
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        byte[] withIcc = withApp2(plain, profile);
        assertThat(JpegSegments.withoutIccProfile(withIcc)).isEqualTo(plain);
        assertThat(decoder.decode(withIcc).rgb()).isEqualTo(decoder.decode(plain).rgb());
    }

    @Test
    void turnsTheStoredPixelsAsEachExifOrientationDefinesIt() {
        // stored a b c / d e f; where its 0th row and 0th column show, per the TIFF 6.0 definition of each value
        RgbImage stored = letters("abc/def");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.NORMAL))).isEqualTo("abc/def");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.MIRROR_HORIZONTAL))).isEqualTo("cba/fed");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.ROTATE_180))).isEqualTo("fed/cba");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.MIRROR_VERTICAL))).isEqualTo("def/abc");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.TRANSPOSE))).isEqualTo("ad/be/cf");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.ROTATE_90_CLOCKWISE))).isEqualTo("da/eb/fc");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.TRANSVERSE))).isEqualTo("fc/eb/da");
        assertThat(letters(ImageDecoder.upright(stored, Orientation.ROTATE_270_CLOCKWISE))).isEqualTo("cf/be/ad");
    }

    @Test
    void decodesAJpegUprightAsItsExifOrientationSays() throws Exception {
        byte[] jpeg = encode(twoColours(64, 48), "jpg");
        // 6: the stored 0th row is the right side, so the stored left half (LEFT) shows at the top
        RgbImage portrait = decoder.decode(withApp1(jpeg, exifOrientation(6)));
        assertThat(portrait.width()).isEqualTo(48);
        assertThat(portrait.height()).isEqualTo(64);
        assertColour(portrait, 24, 10, LEFT, 6);
        assertColour(portrait, 24, 54, RIGHT, 6);
        // the subsampling of a large photo and its scale to the source are unchanged
        RgbImage subsampled = new ImageDecoder(50_000_000, 32).decode(withApp1(jpeg, exifOrientation(8)));
        assertThat(subsampled.width()).isEqualTo(24);
        assertThat(subsampled.height()).isEqualTo(32);
        assertThat(subsampled.toSource()).isEqualTo(2.0);
        assertColour(subsampled, 12, 28, LEFT, 6);
    }

    @Test
    void aBrokenExifSegmentLeavesTheJpegAsStored() throws Exception {
        byte[] jpeg = encode(noise(64, 48), "jpg");
        byte[] garbage = new byte[40];
        new Random(3).nextBytes(garbage);
        byte[] broken = withApp1(jpeg, concat("Exif\0\0MM".getBytes(), garbage));
        assertThat(decoder.decode(broken).rgb()).isEqualTo(decoder.decode(jpeg).rgb());
    }

    /** "Exif\0\0" and a big-endian TIFF whose IFD0 holds only the Orientation tag. */
    private static byte[] exifOrientation(int value) {
        return concat("Exif\0\0".getBytes(), new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) value, 0, 0, // one entry: 0x0112, SHORT, 1, value
            0, 0, 0, 0}); // no next IFD
    }

    /** The JPEG with an APP1 segment right after SOI, where phones write their Exif. */
    private static byte[] withApp1(byte[] jpeg, byte[] body) {
        int length = 2 + body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Rows of letters, "abc/def", as an image whose every channel holds the letter, and back. */
    private static RgbImage letters(String rows) {
        String[] r = rows.split("/");
        byte[] rgb = new byte[r.length * r[0].length() * 3];
        String all = String.join("", r);
        for (int i = 0; i < all.length(); i++) {
            Arrays.fill(rgb, i * 3, i * 3 + 3, (byte) all.charAt(i));
        }
        return new RgbImage(r[0].length(), r.length, rgb, 1);
    }

    private static String letters(RgbImage image) {
        StringBuilder rows = new StringBuilder();
        for (int y = 0; y < image.height(); y++) {
            rows.append(y == 0 ? "" : "/");
            for (int x = 0; x < image.width(); x++) {
                rows.append((char) image.rgb()[(y * image.width() + x) * 3]);
            }
        }
        return rows.toString();
    }

    private static byte[] withApp2(byte[] jpeg, byte[] profile) {
        byte[] id = "ICC_PROFILE\0".getBytes();
        int length = 2 + id.length + 2 + profile.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE2);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(id);
        out.write(1);
        out.write(1);
        out.writeBytes(profile);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static BufferedImage twoColours(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(LEFT);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(RIGHT);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return image;
    }

    private static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("a writer for " + format).isTrue();
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageDecoderTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static void writeBigEndian(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static void assertColour(RgbImage image, int x, int y, Color expected, int tolerance) {
        int i = (y * image.width() + x) * 3;
        assertThat(image.rgb()[i] & 0xFF).isCloseTo(expected.getRed(), offset(tolerance));
        assertThat(image.rgb()[i + 1] & 0xFF).isCloseTo(expected.getGreen(), offset(tolerance));
        assertThat(image.rgb()[i + 2] & 0xFF).isCloseTo(expected.getBlue(), offset(tolerance));
    }
}
