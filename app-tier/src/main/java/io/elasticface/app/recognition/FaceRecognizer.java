package io.elasticface.app.recognition;

import io.elasticface.engine.UnreadableImageException;
import io.elasticface.wire.RecognitionReply.Face;
import java.util.List;

/**
 * The worker's view of face recognition: image bytes in, every face found out, the largest first.
 * Implementations are thread-safe (each calling thread gets its own predictors) and own native
 * resources, released by {@link #close()}.
 */
public interface FaceRecognizer extends AutoCloseable {

    /**
     * Recognises every face in an image.
     *
     * @return the faces, largest first; empty when the image holds no face
     * @throws UnreadableImageException when the bytes are not a decodable image, or exceed the pixel budget
     */
    List<Face> recognize(byte[] image) throws UnreadableImageException;

    /** A short name for replies and logs, for example {@code mtcnn+dlib-resnet} or {@code placeholder}. */
    String name();

    @Override
    void close();
}
