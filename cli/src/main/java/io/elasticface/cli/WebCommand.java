package io.elasticface.cli;

import io.elasticface.web.WebTierApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the web tier (port 8000) until stopped. */
@Command(name = "web", mixinStandardHelpOptions = true, description = "Run the web tier. Settings as --key=value or environment variables.")
final class WebCommand implements Callable<Integer> {

    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        return SpringRun.untilClosed(WebTierApplication.builder().run(settings.toArray(String[]::new)));
    }
}
