package io.elasticface.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml, the LocalStack init script, the Packer template and the AWS scripts: what can be
 * checked without a Docker engine or an AWS account. create.sh and delete.sh run for real against a
 * stand-in {@code aws} command that records its arguments.
 */
class DeployFilesTest {

    @TempDir
    Path tmp;

    @Test
    void composeRunsEveryTierAgainstPinnedLocalStack() throws IOException {
        Map<String, Object> compose = CloudFormationTemplateTest.map(
                new Yaml(new SafeConstructor(new LoaderOptions())).load(read("docker-compose.yml")));
        Map<String, Object> services = CloudFormationTemplateTest.map(compose.get("services"));
        assertThat(services).containsKeys("localstack", "web", "worker", "autoscaler");

        Map<String, Object> localstack = CloudFormationTemplateTest.map(services.get("localstack"));
        // `latest` needs an auth token since March 2026: a pinned 4.x tag from before that.
        assertThat(localstack.get("image")).isEqualTo("localstack/localstack:4.4.0");
        assertThat(CloudFormationTemplateTest.map(localstack.get("environment")).get("SERVICES").toString())
                .contains("s3", "sqs", "ec2");
        assertThat(localstack.get("volumes").toString())
                .contains("./deploy/localstack/init/ready.d:/etc/localstack/init/ready.d");

        // the web tier and the autoscaler run their own small images; the workers the one with the model
        assertThat(CloudFormationTemplateTest.map(services.get("web")).get("image")).isEqualTo("elasticface-web:latest");
        assertThat(CloudFormationTemplateTest.map(services.get("autoscaler")).get("image"))
                .isEqualTo("elasticface-autoscaler:latest");
        assertThat(CloudFormationTemplateTest.map(services.get("worker")).get("image")).isEqualTo("elasticface:latest");
        assertThat(CloudFormationTemplateTest.map(services.get("worker")).get("command")).isEqualTo(List.of("worker"));
        for (String tier : List.of("web", "worker", "autoscaler")) {
            Map<String, Object> service = CloudFormationTemplateTest.map(services.get(tier));
            Map<String, Object> env = CloudFormationTemplateTest.map(service.get("environment"));
            assertThat(env).containsEntry("ELASTICFACE_AWS_ENDPOINT", "http://localstack:4566")
                    // LocalStack has no SimpleDB.
                    .containsEntry("ELASTICFACE_RESULTS_STORE", "directory");
            assertThat(service.get("depends_on").toString()).contains("service_healthy");
        }
        // every published port is this machine's only, and every service says when it is healthy
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> service = CloudFormationTemplateTest.map(e.getValue());
            if (service.containsKey("ports")) {
                assertThat(CloudFormationTemplateTest.list(service.get("ports"))).as(e.getKey())
                        .allSatisfy(p -> assertThat(p.toString()).startsWith("127.0.0.1:"));
            }
            assertThat(service).as(e.getKey() + " health check").containsKey("healthcheck");
        }
        assertThat(CloudFormationTemplateTest.map(services.get("web")).get("ports").toString())
                .contains("127.0.0.1:8000:8000");
        // Health checks use what the images have. The tiers' images are Jib's, on eclipse-temurin's Ubuntu JRE,
        // which installs curl; curl -f fails on a 503 (not ready), so no body is parsed.
        assertThat(read("pom.xml")).containsPattern("<from>\\s*(<!--.*?-->\\s*)?<image>eclipse-temurin:17-jre</image>");
        Map<String, String> probes = Map.of("web", "http://127.0.0.1:8000/readyz",
                "worker", "http://127.0.0.1:8081/actuator/health/readiness",
                "autoscaler", "http://127.0.0.1:8090/actuator/health");
        probes.forEach((tier, url) -> assertThat(healthcheck(services, tier))
                .as(tier + " health check").containsExactly("CMD", "curl", "-fsS", "-o", "/dev/null", url));
        // LocalStack's image has curl too; healthy once its init scripts ran without an error
        assertThat(String.join(" ", healthcheck(services, "localstack")))
                .contains("curl", "http://localhost:4566/_localstack/init/ready");
        Map<String, Object> worker = CloudFormationTemplateTest.map(services.get("worker"));
        assertThat(worker.get("stop_grace_period")).isEqualTo("90s");
        // Web tier and workers share the directory result store.
        assertThat(worker.get("volumes").toString()).contains("results:/var/lib/elasticface/results");
        assertThat(CloudFormationTemplateTest.map(services.get("web")).get("volumes").toString())
                .contains("results:/var/lib/elasticface/results");
    }

    /**
     * The monitoring profile: pinned images, Prometheus scraping each tier's Actuator, and a dashboard whose every
     * metric is one the code registers (its Micrometer name, as Prometheus spells it).
     */
    @Test
    void theDashboardDrawsMetricsTheTiersExport() throws IOException {
        Map<String, Object> services = CloudFormationTemplateTest.map(CloudFormationTemplateTest.map(
                new Yaml(new SafeConstructor(new LoaderOptions())).load(read("docker-compose.yml"))).get("services"));
        for (String s : List.of("prometheus", "grafana")) {
            Map<String, Object> service = CloudFormationTemplateTest.map(services.get(s));
            assertThat(service.get("image").toString()).as(s + " pinned").matches(".+:v?\\d+\\.\\d+\\.\\d+");
            assertThat(service.get("profiles").toString()).contains("monitoring");
        }
        String scrape = read("deploy/monitoring/prometheus.yml");
        assertThat(scrape).contains("web:8091", "autoscaler:8090", "port: 8081", "/actuator/prometheus");

        String registered;
        try (var files = java.nio.file.Files.walk(RepositoryFiles.file("."))) {
            registered = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .map(f -> {
                        try {
                            return java.nio.file.Files.readString(f);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).collect(java.util.stream.Collectors.joining("\n"));
        }
        Map<String, Object> dashboard = CloudFormationTemplateTest.map(new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(read("deploy/monitoring/grafana/dashboards/elasticface.json")));
        List<Object> panels = CloudFormationTemplateTest.list(dashboard.get("panels"));
        assertThat(panels).hasSizeGreaterThanOrEqualTo(6);
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("elasticface_[a-z_]+");
        int checked = 0;
        for (Object panel : panels) {
            for (Object target : CloudFormationTemplateTest.list(CloudFormationTemplateTest.map(panel).get("targets"))) {
                var m = metric.matcher(CloudFormationTemplateTest.map(target).get("expr").toString());
                while (m.find()) {
                    String dotted = m.group().replaceFirst("_(seconds_bucket|seconds_count|total)$", "")
                            .replace('_', '.');
                    // Micrometer names use dots; a dot inside a word (in.flight) reads as an underscore here
                    assertThat(registered).as(m.group() + " registered in the code as a meter name")
                            .containsPattern("\"" + dotted.replace(".", "[._]") + "\"");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    private static List<String> healthcheck(Map<String, Object> services, String service) {
        Map<String, Object> check = CloudFormationTemplateTest.map(
                CloudFormationTemplateTest.map(services.get(service)).get("healthcheck"));
        assertThat(check).containsKeys("interval", "timeout", "retries");
        return CloudFormationTemplateTest.list(check.get("test")).stream().map(String::valueOf).toList();
    }

    @Test
    void composeConfigValidates() throws Exception {
        // `docker compose config` needs no engine, but the compose plugin is often missing where the
        // engine is; Debian's docker-compose (1.29) validates the same file against the compose schema.
        Path compose = RepositoryFiles.onPath("docker-compose");
        assumeTrue(compose != null, "docker-compose is not on the PATH (Debian package 'docker-compose'): not validated");
        Run r = run(List.of(compose.toString(), "-f", RepositoryFiles.file("docker-compose.yml").toString(), "config", "-q"),
                Map.of());
        assertThat(r.status).as("docker-compose config:%n%s", r.output).isZero();
    }

    @Test
    void localStackInitScriptCreatesTheProductionQueues() throws Exception {
        Path script = RepositoryFiles.file("deploy/localstack/init/ready.d/10-elasticface.sh");
        assertThat(Files.isExecutable(script)).as("LocalStack runs only executable scripts").isTrue();
        String text = Files.readString(script);
        assertThat(text).startsWith("#!/bin/bash");
        assertThat(text).contains("\"MaximumMessageSize\":\"1024\"", "RedrivePolicy", "-req-queue-dlq", "-resp-queue",
                "-in-bucket", "-out-bucket", "-gallery-bucket");
        bashSyntax(script);
    }

    @Test
    void shellScriptsPassShellcheck() throws Exception {
        List<Path> scripts = shellScripts();
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(4);
        for (Path script : scripts) {
            bashSyntax(script);
        }
        Path shellcheck = RepositoryFiles.onPath("shellcheck");
        assumeTrue(shellcheck != null, "shellcheck is not on the PATH (Debian package 'shellcheck'): bash -n ran only");
        // -x: follow the files a script sources (bench/lib.sh), found by each script's source-path directive
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "-x"));
        scripts.forEach(s -> command.add(s.toString()));
        Run r = run(command, Map.of());
        assertThat(r.status).as("shellcheck:%n%s", r.output).isZero();
    }

    @Test
    void packerTemplate() throws Exception {
        String hcl = read("deploy/packer/app-tier.pkr.hcl");
        assertThat(hcl).contains("ubuntu-noble-24.04").doesNotContain("aws_access_key", "aws_secret_key");
        String bake = read("deploy/packer/bake.sh");
        assertThat(bake).contains("openjdk-17-jre-headless", "DJL_CACHE_DIR=/var/cache/elasticface/djl", "-XX:ArchiveClassesAtExit=",
                "/opt/elasticface/app/elasticface.jsa", "systemctl enable elasticface-worker.service");
        assertThat(hcl).contains("bake.sh");
        // Shells come through Session Manager: Canonical's image runs the SSM agent (a snap); keep it.
        assertThat(hcl).contains("099720109477");
        assertThat(bake).doesNotContainPattern("(purge|remove)[^\\n]*(snapd|amazon-ssm-agent)");

        Path packer = RepositoryFiles.onPath("packer");
        assumeTrue(packer != null, "packer is not on the PATH (Debian package 'packer'): syntax not checked");
        // Debian's packer is 1.6.6, older than the required_plugins block (Packer 1.7): check a copy without it.
        String old = hcl.replaceAll("(?s)packer \\{\\n  required_plugins \\{.*?\\n  }\\n}\\n", "");
        Path copy = tmp.resolve("app-tier.pkr.hcl");
        Files.writeString(copy, runVersion(packer).startsWith("1.6") ? old : hcl);
        Run r = run(List.of(packer.toString(), "validate", "-syntax-only", copy.toString()), Map.of());
        assertThat(r.status).as("packer validate -syntax-only:%n%s", r.output).isZero();
    }

    @Test
    void createMakesTheStackThenTheStoppedPool() throws Exception {
        Path bin = fakeAws();
        Run r = run(List.of("bash", RepositoryFiles.file("deploy/aws/create.sh").toString(), "1234567890", "ami-0abc"),
                Map.of("PATH", bin + ":" + System.getenv("PATH"), "FAKE_LOG", log().toString(),
                        "ELASTICFACE_BIN", bin.resolve("elasticface").toString()));
        assertThat(r.status).as("create.sh:%n%s", r.output).isZero();

        List<String> calls = Files.readAllLines(log());
        String deploy = calls.stream().filter(c -> c.startsWith("aws cloudformation deploy")).findFirst().orElseThrow();
        assertThat(deploy).contains("--stack-name elasticface-1234567890", "--capabilities CAPABILITY_IAM",
                "ID=1234567890", "Scheme=cse546", "AppTierAmi=ami-0abc", "VpcId=vpc-0def", "SubnetId=subnet-0b");
        assertThat(deploy).containsPattern("--template-file \\S*/deploy/cloudformation/elasticface\\.yaml ");
        // the pool is tagged with the stack's ID: the tag the autoscaler selects by and its policy checks
        String pool = "elasticface aws pool create --count 15 --launch-template lt-0123 --pool 1234567890";
        assertThat(calls).contains(pool);
        assertThat(calls.indexOf(pool)).isGreaterThan(calls.indexOf(deploy));
        assertThat(r.output).contains("http://198.51.100.7:8000/");
    }

    @Test
    void deleteTerminatesThePoolEmptiesTheBucketsThenDeletesTheStack() throws Exception {
        Path bin = fakeAws();
        Run r = run(List.of("bash", RepositoryFiles.file("deploy/aws/delete.sh").toString(), "1234567890"),
                Map.of("PATH", bin + ":" + System.getenv("PATH"), "FAKE_LOG", log().toString(),
                        "FAKE_POOL", "i-01 i-02"));
        assertThat(r.status).as("delete.sh:%n%s", r.output).isZero();

        List<String> calls = Files.readAllLines(log());
        List<String> order = List.of(
                "aws ec2 terminate-instances --instance-ids i-01 i-02",
                "aws ec2 wait instance-terminated --instance-ids i-01 i-02",
                "aws s3 rm s3://1234567890-in-bucket --recursive --only-show-errors",
                "aws s3 rm s3://1234567890-out-bucket --recursive --only-show-errors",
                "aws s3 rm s3://1234567890-gallery-bucket --recursive --only-show-errors",
                "aws cloudformation delete-stack --stack-name elasticface-1234567890",
                "aws cloudformation wait stack-delete-complete --stack-name elasticface-1234567890");
        assertThat(calls).containsSubsequence(order);
    }

    /**
     * deploy/aws/check-with-moto.sh: the LocalStack init script, create.sh and delete.sh against moto
     * on loopback (about a minute), where python3 has moto and the AWS CLI is installed.
     */
    @Test
    void scriptsAgainstMoto() throws Exception {
        Path python = RepositoryFiles.onPath("python3");
        assumeTrue(python != null && RepositoryFiles.onPath("aws") != null && RepositoryFiles.onPath("curl") != null,
                "python3, the AWS CLI or curl is missing: the moto check did not run");
        assumeTrue(run(List.of(python.toString(), "-c", "import moto.server"), Map.of()).status == 0,
                "python3 has no moto[server]: the moto check did not run");
        Run r = run(List.of("bash", RepositoryFiles.file("deploy/aws/check-with-moto.sh").toString()), Map.of(), 600);
        assertThat(r.status).as("check-with-moto.sh:%n%s", r.output).isZero();
        assertThat(r.output).containsPattern("moto check: \\d+ passed, 0 failed");
    }

    // ------------------------------------------------------------------ helpers

    private Path log() {
        return tmp.resolve("calls.log");
    }

    /** A stand-in for the AWS CLI (and the elasticface launcher) that logs each call and answers as AWS would. */
    private Path fakeAws() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        String aws = """
                #!/bin/bash
                echo "aws $*" >> "$FAKE_LOG"
                case "$*" in
                  "ec2 describe-vpcs"*) echo vpc-0def ;;
                  "ec2 describe-instance-type-offerings"*) printf 'us-east-1e\\tus-east-1b\\n' ;;
                  "ec2 describe-subnets"*availability-zone,Values=us-east-1e*) echo None ;;
                  "ec2 describe-subnets"*) echo subnet-0b ;;
                  "ec2 describe-instances"*length*) echo 0 ;;
                  "ec2 describe-instances"*) echo "${FAKE_POOL:-}" ;;
                  "cloudformation describe-stacks"*AppLaunchTemplateId*) echo lt-0123 ;;
                  "cloudformation describe-stacks"*WebUrl*) echo http://198.51.100.7:8000/ ;;
                  "s3api head-bucket"*) exit 0 ;;
                esac
                """;
        write(bin.resolve("aws"), aws);
        write(bin.resolve("elasticface"), "#!/bin/bash\necho \"elasticface $*\" >> \"$FAKE_LOG\"\n");
        return bin;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<Path> shellScripts() throws IOException {
        try (Stream<Path> deploy = Files.walk(RepositoryFiles.file("deploy"));
             Stream<Path> bench = Files.walk(RepositoryFiles.file("bench"))) {
            return Stream.concat(deploy, bench).filter(f -> f.toString().endsWith(".sh")).sorted().toList();
        }
    }

    private static void bashSyntax(Path script) throws Exception {
        Run r = run(List.of("bash", "-n", script.toString()), Map.of());
        assertThat(r.status).as("bash -n %s:%n%s", script, r.output).isZero();
    }

    private static String runVersion(Path packer) throws Exception {
        return run(List.of(packer.toString(), "version"), Map.of()).output.replaceAll("(?s)^\\D*", "").strip();
    }

    private static String read(String relative) throws IOException {
        return Files.readString(RepositoryFiles.file(relative));
    }

    record Run(int status, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        return run(command, env, 120);
    }

    private static Run run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        Path output = Files.createTempFile("deploy-test", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n"
                        + Files.readString(output));
            }
            return new Run(p.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
