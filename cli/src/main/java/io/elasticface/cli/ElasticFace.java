package io.elasticface.cli;

import java.io.PrintWriter;
import java.util.Arrays;
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
        System.exit(startsWorkerDirectly(args) ? WorkerCommand.run(Arrays.copyOfRange(args, 1, args.length))
                : run(args));
    }

    /**
     * A worker is started with settings only, so it skips picocli, whose model of every command here costs a
     * quarter to nearly half a second of each worker's start (BENCHMARKS.md, "A lean worker"); asking for its
     * help still goes through picocli.
     */
    static boolean startsWorkerDirectly(String... args) {
        return args.length > 0 && args[0].equals("worker")
                && Arrays.stream(args).noneMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V")
                        || a.equals("--version"));
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
