package io.elasticface.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code elasticface} command. Each subcommand is one class listed here; adding one is one line.
 */
@Command(name = "elasticface", mixinStandardHelpOptions = true, version = "elasticface 0.1.0",
        description = "Elastic face recognition: run the system locally and use its tools.",
        subcommands = {
                LocalCommand.class,
                WebCommand.class,
                WorkerCommand.class,
                AutoscalerCommand.class,
                WorkloadCommand.class,
                SimulateCommand.class,
                AwsCommand.class,
                Cse546Command.class,
                GalleryCommand.class,
                SubjectsCommand.class,
                VerifyCommand.class,
                DetectCommand.class,
                RecognizeCommand.class,
                DescribeCommand.class,
                BenchCommand.class,
                BenchSearchCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class ElasticFace {

    public static void main(String[] args) {
        ToolLogging.configureFor(args);
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status (tests call this). */
    public static int run(String... args) {
        return command().execute(args);
    }

    /** As {@link #run(String...)}, writing to the given streams (tests read what a user would see). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return command().setOut(out).setErr(err).execute(args);
    }

    private static CommandLine command() {
        return new CommandLine(new ElasticFace())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("elasticface: " + e.getMessage());
                    return 1;
                });
    }
}
