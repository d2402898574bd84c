package io.elasticface.cli;

import io.elasticface.cli.api.ApiClient;
import java.net.URI;
import java.time.Duration;
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

    /** The sentence for a web tier that cannot be reached. */
    String unreachable(Exception e) {
        return "cannot reach the web tier at " + url + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()) + "): is it running? (bin/elasticface local starts one)";
    }
}
