package io.elasticface.cli;

import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.cli.course.CourseCheck;
import io.elasticface.cli.course.CourseCheck.Line;
import io.elasticface.cli.course.CourseCheck.Status;
import io.elasticface.cli.course.Reach;
import io.elasticface.cli.course.ServiceQuotas;
import io.elasticface.naming.NamingProperties;
import io.elasticface.naming.ResourceNames;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code elasticface cse546}: the ASU CSE546 course kit (docs/cse546.md). */
@Command(name = "cse546", mixinStandardHelpOptions = true, description = "The ASU CSE546 course kit (docs/cse546.md).",
        subcommands = {Cse546Command.Check.class, CommandLine.HelpCommand.class})
final class Cse546Command {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Preflight before a graded run: prints a checklist of what the grader expects in the account "
                    + "(buckets, queues, SimpleDB domain, web-instance, the stopped pool, its AMI, the vCPU quota, the "
                    + "grader's IAM user), the fix for each failing line, and exits 1 when one fails. Reads only.")
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--id", required = true, description = "your course ID (names derive from it)")
        String id;

        @Option(names = "--endpoint", description = "an AWS emulator (moto, LocalStack) instead of AWS")
        URI endpoint;

        @Option(names = "--region", defaultValue = "us-east-1", description = "(${DEFAULT-VALUE}, as the course)")
        String region;

        @Option(names = "--stack",
                description = "the CloudFormation stack's name (default elasticface-<ID>, as create.sh)")
        String stack;

        @Option(names = "--pool-max", defaultValue = "15",
                description = "most app-tier instances your term allows: 15 or 20 (${DEFAULT-VALUE})")
        int poolMax;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (poolMax != 15 && poolMax != 20) {
                err.println("elasticface cse546 check: --pool-max is 15 or 20 (the course's two options), not "
                        + poolMax + ".");
                return 2;
            }
            ResourceNames names;
            try {
                names = ResourceNames.derive(new NamingProperties("cse546", null, id, null, null, null, null, null,
                        null, null, null));
            } catch (IllegalArgumentException e) {
                err.println("elasticface cse546 check: --id must be your course ID: letters, digits and dashes.");
                return 2;
            }
            AwsClients aws = new AwsClients(new AwsProperties(region, endpoint, null, null, null, null));
            Optional<String> problem = Reach.problem(aws);
            if (problem.isPresent()) {
                err.println("elasticface cse546 check: " + problem.get());
                return 2;
            }
            out.printf("Checking the course's resources for ID %s in %s%s%n", id, region,
                    endpoint == null ? "" : " at " + endpoint);
            List<Line> lines = new CourseCheck(aws, names, id, poolMax,
                    stack == null ? "elasticface-" + id : stack, new ServiceQuotas(aws)).run();
            for (Line line : lines) {
                String mark = switch (line.status()) {
                    case PASS -> "[ok]  ";
                    case FAIL -> "[FAIL]";
                    case UNKNOWN -> "[?]   ";
                };
                out.printf("%s %s: %s%n", mark, line.what(), line.detail());
                if (!line.fix().isEmpty()) {
                    out.printf("       fix: %s%n", line.fix());
                }
            }
            long failed = lines.stream().filter(l -> l.status() == Status.FAIL).count();
            long unknown = lines.stream().filter(l -> l.status() == Status.UNKNOWN).count();
            out.printf("%d passed, %d failed, %d could not be read%n", lines.size() - failed - unknown, failed,
                    unknown);
            out.flush();
            return CourseCheck.passed(lines) ? 0 : 1;
        }
    }
}
