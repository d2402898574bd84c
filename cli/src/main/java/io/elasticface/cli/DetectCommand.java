package io.elasticface.cli;

import io.elasticface.cli.api.ApiClient.Answer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code elasticface detect PHOTO}: the faces of a photo, through a running web tier. */
@Command(name = "detect", mixinStandardHelpOptions = true, description = "Every face of a photo with its box "
        + "(left,top,right,bottom in pixels), score and landmarks, through a running web tier; no names.")
final class DetectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "the photo")
    Path photo;

    @Override
    public Integer call() {
        if (!ApiOptions.files(spec, photo)) {
            return 2;
        }
        Optional<Answer> answer = api.call(spec, client -> client.detect(photo));
        if (answer.isEmpty()) {
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        answer.get().body().path("faces").forEach(face -> {
            var box = face.path("box");
            StringBuilder marks = new StringBuilder();
            face.path("landmarks").forEach(p -> marks.append(String.format(" %.0f,%.0f", p.path("x").asDouble(),
                    p.path("y").asDouble())));
            out.printf("%d,%d,%d,%d score %.3f landmarks%s%n", box.path("left").asInt(), box.path("top").asInt(),
                    box.path("right").asInt(), box.path("bottom").asInt(), face.path("score").asDouble(), marks);
        });
        out.printf("%d faces in %s%n", answer.get().body().path("faces").size(), photo.getFileName());
        out.flush();
        return 0;
    }
}
