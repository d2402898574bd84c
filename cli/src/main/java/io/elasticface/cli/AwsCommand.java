package io.elasticface.cli;

import io.elasticface.autoscaler.fleet.ec2.Ec2InstanceProvider;
import io.elasticface.autoscaler.fleet.ec2.PoolCreator;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** {@code elasticface aws}: set-up tasks against a real AWS account. */
@Command(name = "aws", mixinStandardHelpOptions = true, description = "Set up AWS resources.",
        subcommands = {AwsCommand.Pool.class, CommandLine.HelpCommand.class})
final class AwsCommand {

    @Command(name = "pool", mixinStandardHelpOptions = true,
            description = "The pool of pre-baked app-tier instances the autoscaler starts and stops.",
            subcommands = {Pool.Create.class})
    static final class Pool {

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Launch N instances from a launch template, name them <prefix><n>, tag them "
                        + "elasticface:pool=<pool>, wait until they run, then stop them: the autoscaler finds them "
                        + "stopped, by that tag (the one its IAM policy checks).")
        static final class Create implements Callable<Integer> {

            @Spec
            CommandSpec spec;

            @Option(names = "--count", required = true, description = "instances to create")
            int count;

            @Option(names = "--launch-template", required = true, description = "launch template name or id (lt-…)")
            String launchTemplate;

            @Option(names = "--pool", required = true,
                    description = "the pool's id, the value of the elasticface:pool tag (the stack's ID)")
            String pool;

            @Option(names = "--name-prefix", defaultValue = "app-tier-instance-",
                    description = "Name tag prefix; numbering continues after existing ones (${DEFAULT-VALUE})")
            String namePrefix;

            @Option(names = "--region", defaultValue = "us-east-1", description = "(${DEFAULT-VALUE})")
            String region;

            @Option(names = "--endpoint", description = "EC2 endpoint override (LocalStack)")
            URI endpoint;

            @Option(names = "--hibernate", description = "hibernate the instances instead of stopping them, after "
                    + "--settle-seconds: the launch template must configure hibernation (the stack's Hibernate=true)")
            boolean hibernate;

            @Option(names = "--settle-seconds", description = "how long the instances run before they stop "
                    + "(default: 0, or 60 with --hibernate, time for the worker to start and load its engine)")
            Long settleSeconds;

            @Option(names = "--timeout-seconds", defaultValue = "600", description = "wait at most this long for each state (${DEFAULT-VALUE})")
            long timeoutSeconds;

            @Override
            public Integer call() {
                AwsClients aws = new AwsClients(new AwsProperties(region, null, null, null, endpoint, null));
                try (Ec2Client ec2 = Ec2InstanceProvider.client(aws)) {
                    List<String> ids = new PoolCreator(ec2, Duration.ofSeconds(5), Duration.ofSeconds(timeoutSeconds))
                            .create(count, launchTemplate, namePrefix, pool,
                                    Duration.ofSeconds(settleSeconds != null ? settleSeconds : hibernate ? 60 : 0),
                                    hibernate);
                    spec.commandLine().getOut().println("created and " + (hibernate ? "hibernated " : "stopped ") + ids);
                }
                return 0;
            }
        }
    }
}
