package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryBuilder;
import io.elasticface.image.Orientation;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A phone stores a portrait photo sideways and says so in its EXIF Orientation tag: whatever the tag, the
 * engine must find the same faces, in the upright photo's pixels, with the same descriptors and names. Each
 * photo is turned the inverse way of each orientation and written as a JPEG carrying that tag.
 */
class ExifOrientationTest {

    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";
    /**
     * Same-face descriptors (L2) in the montage, faces 100-160 pixels wide: the turned JPEG's rounding (pixels
     * within 3 levels) moved them by at most 0.008 here. The same person is under 0.6.
     */
    private static final double SAME_DESCRIPTOR = 0.03;
    /** Box sides in the montage, in pixels: at most 1 apart here. */
    private static final int SAME_BOX = 2;
    /**
     * In the course's 64x64 photos, faces 20-26 pixels wide, those few levels tip one photo (test_019) between
     * two box regressions 4 pixels apart, which moves its descriptor by 0.19 (the others' boxes by at most 1,
     * descriptors by at most 0.05); the names must not change.
     */
    private static final int SAME_BOX_TINY_FACE = 4;
    private static final double SAME_DESCRIPTOR_TINY_FACE = 0.25;

    private static FaceEngine engine;
    private static Map<String, String> coursePhotos;

    @BeforeAll
    static void start() {
        engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** The course gallery, and one photo of each of its 8 people; once, skipping without the dataset. */
    private static synchronized Path courseGallery() throws Exception {
        Path dir = Datasets.require("cse546-faces-enroll");
        if (coursePhotos == null) {
            engine.setGallery(new GalleryBuilder(engine::largestFaceDescriptor)
                    .fromLabels(dir, dir.resolve("labels.csv")).gallery());
            coursePhotos = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir.resolve("labels.csv")).subList(1, 161)) {
                String[] cells = line.split(",");
                coursePhotos.putIfAbsent(cells[1], cells[0]);
            }
        }
        return dir;
    }

    @ParameterizedTest
    @EnumSource(Orientation.class)
    void aCoursePhotoIsNamedAndBoxedUprightWhateverItsOrientation(Orientation orientation) throws Exception {
        Path dir = courseGallery();
        for (Map.Entry<String, String> person : coursePhotos.entrySet()) {
            BufferedImage upright = ImageIO.read(dir.resolve(person.getValue() + ".jpg").toFile());
            Face reference = engine.describe(jpeg(upright, Orientation.NORMAL)).get(0);
            assertThat(reference.match().name()).isEqualTo(person.getKey());

            List<Face> faces = engine.describe(jpeg(stored(upright, orientation), orientation));
            String what = person.getValue() + " stored " + orientation;
            assertThat(faces).as(what).hasSize(1);
            assertSameFace(faces.get(0), reference, SAME_BOX_TINY_FACE, SAME_DESCRIPTOR_TINY_FACE, what);
            assertThat(faces.get(0).match().name()).as(what).isEqualTo(person.getKey());
        }
    }

    @ParameterizedTest
    @EnumSource(Orientation.class)
    void aPortraitCropOfTheMontageGivesTheSameFacesWhateverItsOrientation(Orientation orientation) throws Exception {
        Path dir = Datasets.require("dlib-bald-guys");
        // 480x608 (whole JPEG blocks), five faces 100-160 pixels wide
        BufferedImage upright = copy(ImageIO.read(dir.resolve("bald_guys.jpg").toFile()).getSubimage(0, 0, 480, 608));
        List<Face> reference = engine.describe(jpeg(upright, Orientation.NORMAL));
        assertThat(reference).hasSize(5);

        List<Face> faces = engine.describe(jpeg(stored(upright, orientation), orientation));
        assertThat(faces).as("faces in the crop stored " + orientation).hasSameSizeAs(reference);
        for (Face expected : reference) {
            Face found = faces.stream().min((a, b) -> Integer.compare(distance(a.box(), expected.box()),
                    distance(b.box(), expected.box()))).orElseThrow();
            String what = "face at " + expected.box() + " stored " + orientation;
            assertSameFace(found, expected, SAME_BOX, SAME_DESCRIPTOR, what);
        }
    }

    @Test
    void theTestsTurningFollowsTheExifDefinitions() {
        // stored a b c / d e f; where its 0th row and 0th column go, per the TIFF 6.0 definition of each value
        Map<Orientation, String> upright = Map.of(
                Orientation.NORMAL, "abc/def",
                Orientation.MIRROR_HORIZONTAL, "cba/fed",
                Orientation.ROTATE_180, "fed/cba",
                Orientation.MIRROR_VERTICAL, "def/abc",
                Orientation.TRANSPOSE, "ad/be/cf",
                Orientation.ROTATE_90_CLOCKWISE, "da/eb/fc",
                Orientation.TRANSVERSE, "fc/eb/da",
                Orientation.ROTATE_270_CLOCKWISE, "cf/be/ad");
        upright.forEach((orientation, expected) -> {
            BufferedImage shown = letters(expected);
            assertThat(letters(stored(shown, orientation))).as(orientation.toString()).isEqualTo("abc/def");
        });
    }

    private static void assertSameFace(Face found, Face expected, int sameBox, double sameDescriptor, String what) {
        assertThat(distance(found.box(), expected.box())).as("box %s vs %s, %s", found.box(), expected.box(), what)
                .isLessThanOrEqualTo(sameBox);
        assertThat(l2(found.descriptor(), expected.descriptor())).as("descriptor distance, " + what)
                .isLessThan(sameDescriptor);
    }

    /** The largest difference between two boxes' sides. */
    private static int distance(Box a, Box b) {
        return Math.max(Math.max(Math.abs(a.left() - b.left()), Math.abs(a.top() - b.top())),
                Math.max(Math.abs(a.right() - b.right()), Math.abs(a.bottom() - b.bottom())));
    }

    private static double l2(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    /**
     * The pixels a camera would store for an upright image shown with this orientation: the inverse of the
     * transform that shows stored pixels upright, which maps stored (x, y) in a w x h image to these places.
     */
    static BufferedImage stored(BufferedImage upright, Orientation orientation) {
        int w = orientation.swapsSides() ? upright.getHeight() : upright.getWidth();
        int h = orientation.swapsSides() ? upright.getWidth() : upright.getHeight();
        AffineTransform shown = switch (orientation) { // (m00, m10, m01, m11, m02, m12): X = m00 x + m01 y + m02
            case NORMAL -> new AffineTransform();
            case MIRROR_HORIZONTAL -> new AffineTransform(-1, 0, 0, 1, w, 0); // (w - x, y)
            case ROTATE_180 -> new AffineTransform(-1, 0, 0, -1, w, h); // (w - x, h - y)
            case MIRROR_VERTICAL -> new AffineTransform(1, 0, 0, -1, 0, h); // (x, h - y)
            case TRANSPOSE -> new AffineTransform(0, 1, 1, 0, 0, 0); // (y, x)
            case ROTATE_90_CLOCKWISE -> new AffineTransform(0, 1, -1, 0, h, 0); // (h - y, x)
            case TRANSVERSE -> new AffineTransform(0, -1, -1, 0, h, w); // (h - y, w - x)
            case ROTATE_270_CLOCKWISE -> new AffineTransform(0, -1, 1, 0, 0, w); // (y, w - x)
        };
        BufferedImage stored = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = stored.createGraphics();
        try {
            g.drawImage(upright, shown.createInverse(), null);
        } catch (NoninvertibleTransformException e) {
            throw new AssertionError(e);
        } finally {
            g.dispose();
        }
        return stored;
    }

    /**
     * A JPEG at quality 1.0 with full-resolution chroma, so that what differs between orientations is the
     * orientation and not the codec (pixels within 3 levels), and an APP1 Exif segment after JFIF's APP0 whose
     * IFD0 holds the orientation.
     */
    static byte[] jpeg(BufferedImage image, Orientation orientation) throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(encoded)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f);
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            Element tree = (Element) metadata.getAsTree(JPEG_METADATA);
            NodeList components = tree.getElementsByTagName("componentSpec");
            for (int i = 0; i < components.getLength(); i++) {
                ((Element) components.item(i)).setAttribute("HsamplingFactor", "1");
                ((Element) components.item(i)).setAttribute("VsamplingFactor", "1");
            }
            metadata.setFromTree(JPEG_METADATA, tree);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
        byte[] plain = encoded.toByteArray();
        // "Exif\0\0", then TIFF big-endian: "MM", 42, IFD0 at 8: one entry (tag, SHORT, count 1, value), no next IFD
        ByteBuffer app1 = ByteBuffer.allocate(4 + 6 + 8 + 2 + 12 + 4);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (app1.capacity() - 2));
        app1.put("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        app1.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        app1.putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation.tag()).putShort((short) 0);
        app1.putInt(0);
        int afterApp0 = 4 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF));
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        withExif.write(plain, 0, afterApp0);
        withExif.writeBytes(app1.array());
        withExif.write(plain, afterApp0, plain.length - afterApp0);
        return withExif.toByteArray();
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = copy.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return copy;
    }

    /** Rows of letters, "abc/def", as a tiny image whose pixel values are the letters, and back. */
    private static BufferedImage letters(String rows) {
        String[] r = rows.split("/");
        BufferedImage image = new BufferedImage(r[0].length(), r.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < r.length; y++) {
            for (int x = 0; x < r[y].length(); x++) {
                image.setRGB(x, y, r[y].charAt(x));
            }
        }
        return image;
    }

    private static String letters(BufferedImage image) {
        List<String> rows = new ArrayList<>();
        for (int y = 0; y < image.getHeight(); y++) {
            StringBuilder row = new StringBuilder();
            for (int x = 0; x < image.getWidth(); x++) {
                row.append((char) (image.getRGB(x, y) & 0xFFFFFF));
            }
            rows.add(row.toString());
        }
        return String.join("/", rows);
    }
}
