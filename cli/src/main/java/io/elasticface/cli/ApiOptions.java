package io.elasticface.cli;

import io.elasticface.cli.api.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where the web tier is, and the API key it may ask for: the options of every command that calls the API. */
final class ApiOptions {

    @Option(names = "--url", defaultValue = "http://localhost:8000/",
            description = "the web tier (default ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--api-key", defaultValue = "${env:ELASTICFACE_API_KEY}",
            description = "sent as X-Api-Key where the web tier has keys (default: $ELASTICFACE_API_KEY)")
    String apiKey;

    ApiClient client() {
        return new ApiClient(url, apiKey, Duration.ofMinutes(3));
    }

    /** One call to the API. */
    @FunctionalInterface
    interface Call {
        ApiClient.Answer on(ApiClient client) throws IOException;
    }

    /**
     * Makes a call; a refusal (its reason and sentence) or an unreachable web tier is written to the command's
     * error stream, and the answer is empty.
     */
    Optional<ApiClient.Answer> call(CommandSpec spec, Call call) {
        try {
            ApiClient.Answer answer = call.on(client());
            if (answer.ok()) {
                return Optional.of(answer);
            }
            spec.commandLine().getErr().println(answer.reason() + ": " + answer.detail());
        } catch (IOException e) {
            spec.commandLine().getErr().println(unreachable(e));
        }
        spec.commandLine().getErr().flush();
        return Optional.empty();
    }

    /** The files a command reads, each a regular file; otherwise says which is not, and false. */
    static boolean files(CommandSpec spec, Path... paths) {
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                spec.commandLine().getErr().println("no file " + path);
                return false;
            }
        }
        return true;
    }

    /** The sentence for a web tier that cannot be reached. */
    String unreachable(Exception e) {
        return "cannot reach the web tier at " + url + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()) + "): is it running? (bin/elasticface local starts one)";
    }
}
