package io.elasticface.engine.gallery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The people the engine knows: labelled descriptors, several per person, stored as one versioned JSON
 * file. A gallery only makes sense with the model that computed it, so the file names the model and
 * {@link #read} refuses any other.
 *
 * @param format  file format version, {@link #FORMAT}
 * @param model   the descriptor model, {@link #MODEL}
 * @param entries one per enrolled photo
 */
public record Gallery(int format, String model, List<Entry> entries) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public static final int FORMAT = 1;
    public static final String MODEL = "mtcnn+dlib-resnet/face-api.js@0.10.0";
    public static final int DESCRIPTOR_SIZE = 128;

    public Gallery {
        entries = List.copyOf(entries);
    }

    public static Gallery of(List<Entry> entries) {
        return new Gallery(FORMAT, MODEL, entries);
    }

    public static Gallery empty() {
        return of(List.of());
    }

    /**
     * @param name       the person
     * @param source     where the descriptor came from (the photo's name), for people reading the file
     * @param descriptor 128 floats
     */
    public record Entry(String name, String source, float[] descriptor) {
        public Entry {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an entry needs a name");
            }
            if (descriptor == null || descriptor.length != DESCRIPTOR_SIZE) {
                throw new IllegalArgumentException("a descriptor has " + DESCRIPTOR_SIZE + " values");
            }
        }
    }

    /** Reads a gallery file, checking its format version and model. */
    public static Gallery read(InputStream in) throws IOException {
        Gallery gallery;
        try {
            gallery = JSON.readValue(in, Gallery.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IOException("not a gallery file: " + e.getMessage(), e);
        }
        if (gallery.format() != FORMAT) {
            throw new IOException("gallery format " + gallery.format() + " is not " + FORMAT);
        }
        if (!MODEL.equals(gallery.model())) {
            throw new IOException("gallery was built with " + gallery.model() + ", not " + MODEL);
        }
        return gallery;
    }

    public void write(OutputStream out) throws IOException {
        try {
            JSON.writeValue(out, this);
        } catch (JacksonException e) {
            throw new IOException("cannot write gallery: " + e.getMessage(), e);
        }
    }
}
