package io.elasticface.cli;

import io.elasticface.cli.api.ApiClient.Answer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code elasticface verify A B}: is the largest face of A someone in B? Exit 0 yes, 1 no, 2 could not tell. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Whether the largest face of the first "
        + "photo is someone in the second, through a running web tier. Exit status 0: the same person; 1: not; 2: "
        + "no answer (a photo refused, the web tier unreachable).")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "the photo whose largest face is verified")
    Path source;

    @Parameters(index = "1", description = "the photo it is looked for in")
    Path target;

    @Override
    public Integer call() {
        if (!ApiOptions.files(spec, source, target)) {
            return 2;
        }
        Optional<Answer> answer = api.call(spec, client -> client.verify(source, target));
        if (answer.isEmpty()) {
            return 2;
        }
        boolean match = answer.get().body().path("match").asBoolean();
        double distance = answer.get().body().path("distance").asDouble();
        double threshold = answer.get().body().path("threshold").asDouble();
        spec.commandLine().getOut().printf("%s (distance %.3f %s threshold %.2f)%n", match ? "same person"
                : "different people", distance, match ? "<" : ">=", threshold);
        spec.commandLine().getOut().flush();
        return match ? 0 : 1;
    }
}
