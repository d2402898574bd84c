package io.elasticface.cli;

import io.elasticface.engine.EngineBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elasticface bench}: the face engine's single-thread timings and cold start. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time decode + detect + align + describe + match on one thread, warm, for a 64x64 course "
                + "photo and one face at 640x480, 1 MP and 12 MP; and the cold start.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--datasets", defaultValue = "../shared/datasets",
            description = "The shared datasets folder (default: ${DEFAULT-VALUE}).")
    Path datasets;

    @Option(names = "--iterations", defaultValue = "50",
            description = "Timed runs per image (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() throws Exception {
        new EngineBenchmark(datasets, iterations, new PrintStream(System.out, true)).run();
        return 0;
    }
}
