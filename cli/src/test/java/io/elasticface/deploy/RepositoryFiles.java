package io.elasticface.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top directory from wherever Surefire runs the tests (the module's folder). */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The nearest ancestor of the working directory that holds {@code deploy/}. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("deploy")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no deploy/ folder above " + dir);
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** The first executable named {@code name} on the PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
