package io.elasticface.cli;

import io.elasticface.engine.FaceEngine;
import io.elasticface.engine.gallery.Gallery;
import io.elasticface.engine.gallery.GalleryBuilder;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code elasticface gallery build}: enrol labelled photos into a gallery file. */
@Command(name = "gallery", mixinStandardHelpOptions = true, description = "Manage face galleries.", subcommands = GalleryCommand.Build.class)
final class GalleryCommand {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build a gallery file from labelled photos: a folder plus a CSV with columns Image "
                    + "(file name without extension) and Results (the name), or one sub-folder per person.")
    static final class Build implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        EngineOptions engine;

        @Option(names = "--images", required = true, description = "Folder of photos.")
        Path images;

        @Option(names = "--labels", description = "CSV Image,Results; without it, each sub-folder is a person.")
        Path labels;

        @Option(names = "--out", required = true, description = "Gallery file to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            GalleryBuilder.Result result;
            try (FaceEngine faces = engine.start(Gallery.empty())) {
                GalleryBuilder builder = new GalleryBuilder(faces::largestFaceDescriptor);
                result = labels == null ? builder.fromFolders(images) : builder.fromLabels(images, labels);
            }
            try (OutputStream file = Files.newOutputStream(out)) {
                result.gallery().write(file);
            }
            long people = result.gallery().entries().stream().map(Gallery.Entry::name).distinct().count();
            var err = spec.commandLine().getErr();
            result.skipped().forEach(line -> err.println("skipped " + line));
            err.printf("%s: %d photos of %d people, %d skipped%n", out, result.gallery().entries().size(), people,
                    result.skipped().size());
            return result.gallery().entries().isEmpty() ? 1 : 0;
        }
    }
}
