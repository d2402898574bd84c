package io.elasticface.cli;

import io.elasticface.engine.EngineSettings;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.image.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the face engine, and how they find their images. */
final class EngineOptions {

    @Option(names = "--threshold", defaultValue = "0.6",
            description = "Same-person L2 distance (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--max-pixels", defaultValue = "50000000",
            description = "Images with more pixels are refused before decoding (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    FaceEngine start(Gallery gallery) {
        return new FaceEngine(EngineSettings.defaults().withThreshold(threshold).withMaxPixels(maxPixels), gallery);
    }

    /**
     * Files as given, in order; folders replaced by the images in them (recognised by their bytes), sorted
     * by name.
     */
    static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(Files::isRegularFile).sorted().filter(EngineOptions::looksLikeImage)
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static boolean looksLikeImage(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ImageFormat.sniff(in.readNBytes(32)).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
