package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help, as the README promises. */
class HelpTest {

    @Test
    void everyCommandAnswersHelp() {
        check(new CommandLine(new ElasticFace()), "");
    }

    /** A worker skips picocli (its start is timed), except when it is asked for its help or version. */
    @Test
    void onlyAWorkerWithSettingsSkipsTheCommandLineModel() {
        assertThat(ElasticFace.startsWorkerDirectly("worker")).isTrue();
        assertThat(ElasticFace.startsWorkerDirectly("worker", "--server.port=0", "--spring.profiles.active=cse546"))
                .isTrue();
        assertThat(ElasticFace.startsWorkerDirectly("worker", "--help")).isFalse();
        assertThat(ElasticFace.startsWorkerDirectly("worker", "--server.port=0", "-V")).isFalse();
        assertThat(ElasticFace.startsWorkerDirectly("web", "--server.port=0")).isFalse();
        assertThat(ElasticFace.startsWorkerDirectly()).isFalse();
    }

    private static void check(CommandLine command, String prefix) {
        for (var entry : command.getSubcommands().entrySet()) {
            if (entry.getKey().equals("help")) {
                continue;
            }
            String path = (prefix + " " + entry.getKey()).strip();
            String[] args = (path + " --help").split(" ");
            CommandRun run = CommandRun.run(args);
            assertThat(run.status()).as(path + ": " + run.err()).isZero();
            assertThat(run.out()).as(path).contains("Usage: elasticface " + path);
            check(entry.getValue(), path);
        }
    }
}
