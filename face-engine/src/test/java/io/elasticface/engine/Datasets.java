package io.elasticface.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test photos in {@code ../shared/datasets}, which are never copied into the repository. */
public final class Datasets {

    private Datasets() {
    }

    /** A dataset folder; skips the calling test, saying why, when it is absent. */
    public static Path require(String name) {
        String shared = System.getProperty("elasticface.shared", "../shared");
        Path dir = Path.of(shared, "datasets", name);
        assumeTrue(Files.isDirectory(dir), "dataset " + name + " is absent (looked in " + dir.toAbsolutePath()
                + "): skipping");
        return dir;
    }
}
