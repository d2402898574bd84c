package io.elasticface.engine.gallery;

import io.elasticface.engine.UnreadableImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds a gallery from labelled photos: a folder plus a CSV {@code Image,Results} (the file name without
 * extension, the person), or one sub-folder per person. Each photo contributes the descriptor of its
 * largest face; photos that cannot be read or show no face are skipped and reported.
 */
public final class GalleryBuilder {

    /** The descriptor of the largest face in an image, empty when there is none. */
    @FunctionalInterface
    public interface Describer {
        Optional<float[]> largestFace(byte[] image) throws UnreadableImageException;
    }

    /**
     * @param gallery the gallery built
     * @param skipped one line per photo left out, saying why
     */
    public record Result(Gallery gallery, List<String> skipped) {
    }

    private final Describer describer;

    public GalleryBuilder(Describer describer) {
        this.describer = describer;
    }

    /** From a folder of photos and a CSV: {@code Image} (file name without extension), {@code Results} (name). */
    public Result fromLabels(Path images, Path labels) throws IOException {
        Map<String, String> names = Labels.read(labels);
        Map<String, Path> byBaseName = new HashMap<>();
        for (Path file : list(images)) {
            byBaseName.putIfAbsent(baseName(file), file);
        }
        List<Gallery.Entry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, String> label : names.entrySet()) {
            Path file = byBaseName.get(label.getKey());
            if (file == null) {
                skipped.add(label.getKey() + ": no such file in " + images);
                continue;
            }
            enrol(file, label.getValue(), entries, skipped);
        }
        return new Result(Gallery.of(entries), skipped);
    }

    /** From one sub-folder per person, named after them. */
    public Result fromFolders(Path root) throws IOException {
        List<Gallery.Entry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path person : list(root)) {
            if (Files.isDirectory(person)) {
                for (Path file : list(person)) {
                    enrol(file, person.getFileName().toString(), entries, skipped);
                }
            }
        }
        return new Result(Gallery.of(entries), skipped);
    }

    private void enrol(Path file, String name, List<Gallery.Entry> entries, List<String> skipped) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Optional<float[]> descriptor = describer.largestFace(Files.readAllBytes(file));
            if (descriptor.isPresent()) {
                entries.add(new Gallery.Entry(name.strip(), baseName(file), descriptor.get()));
            } else {
                skipped.add(file.getFileName() + ": no face");
            }
        } catch (UnreadableImageException e) {
            skipped.add(file.getFileName() + ": " + e.getMessage());
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** A file's name without its extension. */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
