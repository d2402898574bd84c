package io.elasticface.cli;

import io.elasticface.autoscaler.AutoscalerApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Runs the autoscaler service until stopped: the EC2 pool on AWS (deploy/systemd, docker-compose.yml),
 * or a local fleet with {@code --elasticface.autoscaler.provider=local}.
 */
@Command(name = "autoscaler", mixinStandardHelpOptions = true, description = "Run the autoscaler. Settings as --key=value "
        + "(e.g. --spring.profiles.active=cse546 --elasticface.names.id=1234567890) or environment variables.")
final class AutoscalerCommand implements Callable<Integer> {

    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        return SpringRun.untilClosed(AutoscalerApplication.builder().run(settings.toArray(String[]::new)));
    }
}
