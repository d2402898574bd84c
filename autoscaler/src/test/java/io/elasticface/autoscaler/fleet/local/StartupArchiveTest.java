package io.elasticface.autoscaler.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupArchiveTest {

    @TempDir
    Path dir;

    private final List<String> worker = List.of("/usr/bin/java", "-Xmx384m", "-jar", "ef.jar", "worker");

    @Test
    void theFirstWorkerWritesTheArchiveAsItExitsAndTheLaterOnesMapIt() throws Exception {
        StartupArchive archive = new StartupArchive(dir.resolve("w.jsa"), false);

        assertThat(archive.command(worker, "local-1")).containsExactly("/usr/bin/java",
                "-XX:ArchiveClassesAtExit=" + dir.resolve("w.jsa.training"), "-Xmx384m", "-jar", "ef.jar", "worker");
        assertThat(archive.command(worker, "local-2")).as("one training run at a time").isEqualTo(worker);

        archive.exited("local-2"); // not the trainer: nothing to keep
        Files.writeString(dir.resolve("w.jsa.training"), "classes");
        archive.exited("local-1");

        assertThat(dir.resolve("w.jsa")).hasContent("classes");
        assertThat(archive.command(worker, "local-2")).contains("-XX:SharedArchiveFile=" + dir.resolve("w.jsa"));
    }

    @Test
    void aTrainerThatLeftNothingLetsTheNextWorkerTryAgainWithJava25sCache() {
        StartupArchive archive = new StartupArchive(dir.resolve("w.aot"), true);

        assertThat(archive.command(worker, "local-1")).contains("-XX:AOTCacheOutput=" + dir.resolve("w.aot.training"));
        archive.exited("local-1"); // killed before it could write

        assertThat(dir.resolve("w.aot")).doesNotExist();
        assertThat(archive.command(worker, "local-2")).contains("-XX:AOTCacheOutput=" + dir.resolve("w.aot.training"));
    }

    @Test
    void onlyACommandRunningThisJavaWithAJarGetsAnArchive() {
        assertThat(StartupArchive.forCommand(List.of("sleep", "300"), dir)).isEmpty();
        assertThat(StartupArchive.forCommand(worker, dir)).isEmpty(); // another java than this one
    }
}
