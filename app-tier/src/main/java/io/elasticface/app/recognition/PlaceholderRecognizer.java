package io.elasticface.app.recognition;

import io.elasticface.engine.UnreadableImageException;
import io.elasticface.image.ImageHeader;
import io.elasticface.wire.RecognitionReply.Box;
import io.elasticface.wire.RecognitionReply.Face;
import java.util.List;

/**
 * PLACEHOLDER recognizer: finds no real faces. It reads the image header and answers one "face" covering
 * the whole image, named {@value #NAME}, so that every other part of the request path can be exercised
 * without the model. Its replies say {@code recognizer: "placeholder"}. Used only where configured
 * ({@code elasticface.worker.recognizer=placeholder}).
 */
public final class PlaceholderRecognizer implements FaceRecognizer {

    public static final String NAME = "placeholder";

    @Override
    public List<Face> recognize(byte[] image) throws UnreadableImageException {
        ImageHeader header = ImageHeader.read(image)
                .orElseThrow(() -> new UnreadableImageException("not a JPEG, PNG, WebP or BMP image"));
        if (header.pixels() == 0) {
            throw new UnreadableImageException("the " + header.format() + " header is truncated");
        }
        return List.of(new Face(new Box(0, 0, header.width(), header.height()), 0.0, NAME, 0.0, false));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void close() {
        // nothing held
    }
}
