package io.elasticface.cli;

import io.elasticface.app.recognition.EngineRecognizer;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.UnreadableImageException;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryBuilder;
import io.elasticface.wire.RecognitionReply.Face;
import io.elasticface.wire.RecognitionReply;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code elasticface recognize}: the course's answer for each image, {@code <file>:<name>}. */
@Command(name = "recognize", mixinStandardHelpOptions = true,
        description = "Name the largest face in each image, one line per image: <file name without extension>:<name>. "
                + "Exits 1 if any input cannot be read.")
final class RecognizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @Option(names = "--gallery", required = true, description = "Gallery file (from 'gallery build').")
    Path gallery;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders of images.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        Gallery known;
        try (InputStream in = Files.newInputStream(gallery)) {
            known = Gallery.read(in);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int unreadable = 0;
        try (FaceEngine faces = engine.start(known)) {
            for (Path file : EngineOptions.expand(paths)) {
                String name = GalleryBuilder.baseName(file);
                try {
                    List<Face> found = faces.describe(Files.readAllBytes(file)).stream()
                            .map(EngineRecognizer::toWire).toList();
                    RecognitionReply reply = new RecognitionReply(RecognitionReply.VERSION, name,
                            file.getFileName().toString(),
                            found.isEmpty() ? RecognitionReply.Status.NO_FACE : RecognitionReply.Status.OK, null,
                            found, FaceEngine.NAME, "cli", RecognitionReply.Timings.NONE);
                    out.println(name + ":" + reply.primaryName());
                } catch (UnreadableImageException e) {
                    err.println("elasticface: " + file + ": " + e.getMessage());
                    unreadable++;
                }
                out.flush();
            }
        }
        return unreadable == 0 ? 0 : 1;
    }
}
