package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryMatcher;
import io.elasticface.engine.gallery.MatchRule;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * dlib's montage of 24 press photos, 6 each of 4 people: detection, leave-one-out identification and
 * same/different distances.
 */
class BaldGuysTest {

    private static FaceEngine engine;
    private static List<Labelled> truth;
    private static List<Face> found;

    private record Labelled(Box box, String name) {
    }

    /** Describes the montage once; called by each test so that a missing dataset shows as skipped tests. */
    private static synchronized void describeMontage() throws Exception {
        Path dir = Datasets.require("dlib-bald-guys");
        if (found != null) {
            return;
        }
        truth = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("faces.csv")).subList(1, 25)) {
            String[] f = line.split(",");
            truth.add(new Labelled(new Box(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3])), f[4]));
        }
        engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty());
        found = engine.describe(Files.readAllBytes(dir.resolve("bald_guys.jpg")));
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void findsAll24Faces() throws Exception {
        describeMontage();
        for (Labelled face : truth) {
            assertThat(bestOverlap(face.box())).as("IoU with the face of %s at %s", face.name(), face.box())
                    .isGreaterThan(0.5);
        }
        assertThat(found.size()).as("detections").isBetween(24, 27);
    }

    @Test
    void identifiesEveryFaceFromTheOther23() throws Exception {
        describeMontage();
        List<Gallery.Entry> faces = labelledDescriptors();
        Map<MatchRule, Integer> right = new EnumMap<>(MatchRule.class);
        for (MatchRule rule : MatchRule.values()) {
            int correct = 0;
            for (int i = 0; i < faces.size(); i++) {
                List<Gallery.Entry> others = new ArrayList<>(faces);
                Gallery.Entry held = others.remove(i);
                GalleryMatcher matcher = new GalleryMatcher(Gallery.of(others), rule, 0.6);
                if (matcher.match(held.descriptor()).name().equals(held.name())) {
                    correct++;
                }
            }
            right.put(rule, correct);
        }
        System.out.println("leave-one-out on the montage, right of 24: " + right);
        assertThat(right.get(EngineSettings.defaults().matchRule())).isEqualTo(24);
    }

    @Test
    void samePersonIsCloserThanDifferentPeople() throws Exception {
        describeMontage();
        List<Gallery.Entry> faces = labelledDescriptors();
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            for (int j = i + 1; j < faces.size(); j++) {
                double d = GalleryMatcher.distance(faces.get(i).descriptor(), faces.get(j).descriptor());
                (faces.get(i).name().equals(faces.get(j).name()) ? same : different).add(d);
            }
        }
        long rightAt06 = same.stream().filter(d -> d < 0.6).count() + different.stream().filter(d -> d >= 0.6).count();
        System.out.printf("montage pairs: same n=%d mean %.3f max %.3f; different n=%d mean %.3f min %.3f; "
                        + "right at 0.6: %d/%d%n",
                same.size(), mean(same), max(same), different.size(), mean(different), min(different), rightAt06,
                same.size() + different.size());
        assertThat(mean(same)).isLessThan(0.5);
        assertThat(mean(different)).isGreaterThan(0.7);
        assertThat((double) rightAt06 / (same.size() + different.size())).isGreaterThanOrEqualTo(0.97);
    }

    /**
     * The montage scaled to 12 megapixels takes the large-photo path (decoded subsampled, detected on a
     * shrunk copy): the same 24 faces, boxes in the big image's pixels, descriptors close to the originals.
     */
    @Test
    void findsTheSameFacesInATwelveMegapixelVersion() throws Exception {
        describeMontage();
        BufferedImage montage = ImageIO.read(Datasets.require("dlib-bald-guys").resolve("bald_guys.jpg").toFile());
        BufferedImage big = new BufferedImage(montage.getWidth() * 2, montage.getHeight() * 2,
                BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(montage, 0, 0, big.getWidth(), big.getHeight(), null);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(big, "jpg", jpeg);
        List<Face> bigFaces = engine.describe(jpeg.toByteArray());

        List<Gallery.Entry> original = labelledDescriptors();
        double worst = 0;
        for (int i = 0; i < truth.size(); i++) {
            Box box = truth.get(i).box();
            Box doubled = new Box(box.left() * 2, box.top() * 2, box.right() * 2, box.bottom() * 2);
            Face match = bigFaces.stream()
                    .max(java.util.Comparator.comparingDouble(f -> iou(f.box(), doubled))).orElseThrow();
            assertThat(iou(match.box(), doubled)).as("face %d in the 12 MP version", i).isGreaterThan(0.5);
            worst = Math.max(worst, GalleryMatcher.distance(match.descriptor(), original.get(i).descriptor()));
        }
        System.out.printf("12 MP montage: %d faces, largest descriptor shift from the original %.3f%n",
                bigFaces.size(), worst);
        assertThat(worst).as("descriptor shift between the 12 MP and the original montage").isLessThan(0.3);
    }

    private List<Gallery.Entry> labelledDescriptors() {
        List<Gallery.Entry> faces = new ArrayList<>();
        for (Labelled face : truth) {
            Face best = found.stream()
                    .max(java.util.Comparator.comparingDouble(f -> iou(f.box(), face.box())))
                    .orElseThrow();
            faces.add(new Gallery.Entry(face.name(), face.box().toString(), best.descriptor()));
        }
        return faces;
    }

    private double bestOverlap(Box box) {
        return found.stream().mapToDouble(f -> iou(f.box(), box)).max().orElse(0);
    }

    static double iou(Box a, Box b) {
        int w = Math.min(a.right(), b.right()) - Math.max(a.left(), b.left());
        int h = Math.min(a.bottom(), b.bottom()) - Math.max(a.top(), b.top());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = (double) w * h;
        return inter / (a.area() + b.area() - inter);
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
