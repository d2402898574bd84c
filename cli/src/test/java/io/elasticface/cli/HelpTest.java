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
