package io.elasticface.engine;

import io.elasticface.engine.gallery.Match;
import java.util.List;

/**
 * Everything the engine knows about one face, in the original image's pixels as shown: a JPEG turned upright
 * as its EXIF Orientation tag says (so a phone's portrait photo has portrait coordinates), other images as stored.
 *
 * @param box        the face box, clipped to the image
 * @param score      detector confidence, 0..1
 * @param landmarks  left eye, right eye, nose tip, left and right mouth corner
 * @param descriptor the 128-D descriptor
 * @param match      the gallery's answer
 */
public record Face(Box box, double score, List<Point> landmarks, float[] descriptor, Match match) {

    /** A landmark, in the source image's pixels as shown. */
    public record Point(double x, double y) {
    }
}
