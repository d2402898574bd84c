package io.elasticface.cli;

import io.elasticface.app.AppTierApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs one app-tier worker until SIGTERM, which drains the requests in hand before exiting. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run an app-tier worker. Settings as --key=value "
        + "(e.g. --spring.profiles.active=cse546 --elasticface.names.id=1234567890) or environment variables.")
final class WorkerCommand implements Callable<Integer> {

    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        return SpringRun.untilClosed(AppTierApplication.runProcess(settings.toArray(String[]::new)));
    }

    /** The worker without picocli ({@link ElasticFace#startsWorkerDirectly}); a failure reads as picocli's would. */
    static int run(String... settings) {
        try {
            WorkerCommand worker = new WorkerCommand();
            worker.settings.addAll(List.of(settings));
            return worker.call();
        } catch (RuntimeException e) {
            System.err.println("elasticface: " + e.getMessage());
            return 1;
        }
    }
}
