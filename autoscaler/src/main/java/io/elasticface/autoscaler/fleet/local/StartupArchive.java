package io.elasticface.autoscaler.fleet.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data archive for the worker JVMs of a local fleet: the first worker writes it as it exits (a training
 * run that served real requests), and every later one maps it instead of loading and linking its classes from the
 * jar again. On Java 25 and later it is the JDK's AOT cache (classes loaded and linked, with method profiles), on
 * Java 17 to 24 CDS's dynamic archive. It is named for the Java version and the jar, so a rebuilt jar or another
 * JDK makes a new one instead of having the old one refused.
 *
 * <p>Used only when the fleet's command runs this same Java ({@code java ... -jar} or {@code -cp}): archives of
 * classes from a Spring Boot fat jar's nested jars are not possible, so {@code bin/elasticface} runs the jar
 * extracted.
 */
final class StartupArchive {

    private static final Logger log = LoggerFactory.getLogger(StartupArchive.class);

    private final Path archive;
    private final Path training;
    private final boolean aotCache;
    private String trainer; // the worker writing the archive as it exits, if any

    StartupArchive(Path archive, boolean aotCache) {
        this.archive = archive;
        this.training = archive.resolveSibling(archive.getFileName() + ".training");
        this.aotCache = aotCache;
    }

    /** For a command that runs this Java with a jar: an archive in {@code dir}, named for both; else none. */
    static Optional<StartupArchive> forCommand(List<String> command, Path dir) {
        String java = ProcessHandle.current().info().command().orElse("");
        int jar = command.indexOf("-jar");
        if (java.isEmpty() || !command.get(0).equals(java) || jar < 0 || jar + 1 >= command.size()) {
            return Optional.empty();
        }
        Path jarFile = Path.of(command.get(jar + 1));
        try {
            String name = String.format(Locale.ROOT, "worker-java%s-%x-%x.%s", Runtime.version().feature(),
                    Files.getLastModifiedTime(jarFile).toMillis(), Files.size(jarFile),
                    Runtime.version().feature() >= 25 ? "aot" : "jsa");
            return Optional.of(new StartupArchive(dir.resolve(name), Runtime.version().feature() >= 25));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The command with the archive's options after the Java executable: map the archive when it exists, else
     * have this worker write it at exit, unless another is already doing so.
     */
    synchronized List<String> command(List<String> command, String id) {
        String option;
        if (Files.isRegularFile(archive)) {
            option = (aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
        } else if (trainer == null) {
            trainer = id;
            option = (aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + training;
        } else {
            return command;
        }
        List<String> with = new ArrayList<>(command);
        with.add(1, option);
        return with;
    }

    /** After a worker's process has ended: if it was writing the archive, keep what it wrote. */
    synchronized void exited(String id) {
        if (!id.equals(trainer)) {
            return;
        }
        trainer = null;
        try {
            if (Files.isRegularFile(training) && Files.size(training) > 0) {
                Files.move(training, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.info("{} left a class-data archive for the next workers: {}", id, archive);
            }
        } catch (IOException e) {
            log.warn("Cannot keep the class-data archive {}: {}", training, e.getMessage());
        }
    }
}
