package io.elasticface.cli;

import io.elasticface.engine.Box;
import io.elasticface.engine.Face;
import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.UnreadableImageException;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.wire.WireCodec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code elasticface describe}: every face of each image as one JSON line. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Print one JSON object per image: {\"file\", \"faces\": [{\"box\", \"score\", \"landmarks\", "
                + "\"descriptor\"}]}, the largest face first. Exits 1 if any input cannot be read.")
final class DescribeCommand implements Callable<Integer> {

    /** One line of output. */
    record Described(String file, List<FaceJson> faces) {
    }

    /** A face without gallery fields: describe needs no gallery. */
    record FaceJson(Box box, double score, List<Face.Point> landmarks, float[] descriptor) {
    }

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders of images.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int unreadable = 0;
        try (FaceEngine faces = engine.start(Gallery.empty())) {
            for (Path file : EngineOptions.expand(paths)) {
                try {
                    List<FaceJson> found = faces.describe(Files.readAllBytes(file)).stream()
                            .map(f -> new FaceJson(f.box(), f.score(), f.landmarks(), f.descriptor()))
                            .toList();
                    out.println(WireCodec.toJson(new Described(file.toString(), found)));
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
