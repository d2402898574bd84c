package io.elasticface.app.recognition;

import io.elasticface.engine.Box;
import io.elasticface.engine.Face;
import io.elasticface.engine.UnreadableImageException;
import java.util.List;

/** The engine's full answer for an image (boxes, scores, landmarks, descriptors), for the collection API. */
public interface FaceAnalyzer {

    /** Every face, the largest first. */
    List<Face> analyze(byte[] image) throws UnreadableImageException;

    /** A small square JPEG of one face of the image, for people to look at. */
    byte[] thumbnail(byte[] image, Box box) throws UnreadableImageException;
}
