package io.elasticface.app.engine;

import io.elasticface.app.engine.gallery.Match;
import io.elasticface.common.wire.RecognitionReply.Box;
import io.elasticface.common.wire.RecognitionReply.Face;
import java.util.List;

/**
 * Everything the engine knows about one face, in the original image's pixels.
 *
 * @param box        the face box, clipped to the image
 * @param score      detector confidence, 0..1
 * @param landmarks  left eye, right eye, nose tip, left and right mouth corner
 * @param descriptor the 128-D descriptor
 * @param match      the gallery's answer
 */
public record DescribedFace(Box box, double score, List<Point> landmarks, float[] descriptor, Match match) {

    public record Point(double x, double y) {
    }

    public Face toFace() {
        return new Face(box, score, match.name(), match.distance(), match.match());
    }
}
