package io.elasticface.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units in deploy/systemd: the keys production depends on are always checked; where
 * {@code systemd-analyze} exists (Debian package {@code systemd}) each unit must also pass
 * {@code systemd-analyze verify} without a warning.
 */
class SystemdUnitsTest {

    private static final String[] TIERS = {"web", "worker", "autoscaler"};

    @ParameterizedTest(name = "elasticface-{0}.service has the required keys")
    @ValueSource(strings = {"web", "worker", "autoscaler"})
    void requiredKeys(String tier) throws IOException {
        Unit unit = Unit.read(unitFile(tier));

        assertThat(unit.get("Unit", "Description")).isNotEmpty();
        assertThat(unit.get("Unit", "After")).anySatisfy(v -> assertThat(v).contains("network-online.target"));
        // One AMI for every role: a unit starts only on the machine that has its settings.
        assertThat(unit.get("Unit", "ConditionPathExists")).containsExactly("/etc/elasticface/" + tier + ".env");

        assertThat(unit.get("Service", "User")).containsExactly("elasticface");
        assertThat(unit.get("Service", "EnvironmentFile")).containsExactly("/etc/elasticface/" + tier + ".env");
        assertThat(unit.get("Service", "ExecStart")).singleElement()
                .satisfies(v -> assertThat(v).startsWith("/usr/bin/java ").endsWith("elasticface.jar " + tier));
        // restart always, backing off, and never give up for good (no start limit)
        assertThat(unit.get("Service", "Restart")).containsExactly("always");
        assertThat(unit.get("Unit", "StartLimitIntervalSec")).containsExactly("0");
        assertThat(unit.get("Service", "StartLimitIntervalSec")).as("belongs in [Unit]").isEmpty();
        assertThat(unit.get("Service", "KillSignal")).containsExactly("SIGTERM");
        assertThat(unit.get("Service", "TimeoutStopSec")).hasSize(1);
        assertThat(unit.get("Service", "SuccessExitStatus")).containsExactly("143");

        assertThat(unit.get("Service", "NoNewPrivileges")).containsExactly("yes");
        assertThat(unit.get("Service", "ProtectSystem")).containsExactly("strict");
        assertThat(unit.get("Service", "ProtectHome")).containsExactly("yes");
        assertThat(unit.get("Service", "PrivateTmp")).containsExactly("yes");
        assertThat(unit.get("Service", "CapabilityBoundingSet")).containsExactly("");
        assertThat(unit.get("Service", "ReadWritePaths")).singleElement()
                .satisfies(v -> assertThat(v).contains("/var/lib/elasticface"));
        // The JIT needs writable + executable memory: this hardening option would kill the JVM.
        assertThat(unit.get("Service", "MemoryDenyWriteExecute")).isEmpty();

        assertThat(unit.get("Install", "WantedBy")).containsExactly("multi-user.target");
    }

    /**
     * The back-off: RestartSec grows over RestartSteps restarts up to RestartMaxDelaySec (systemd 254+; Ubuntu
     * 24.04 has 255), by a constant factor. The comment above the keys states it in words, and must stay true.
     */
    @ParameterizedTest(name = "elasticface-{0}.service backs off as its comment says")
    @ValueSource(strings = {"web", "worker", "autoscaler"})
    void restartsBackOffAsTheCommentSays(String tier) throws IOException {
        Unit unit = Unit.read(unitFile(tier));
        long first = seconds(unit.get("Service", "RestartSec"));
        long steps = seconds(unit.get("Service", "RestartSteps"));
        long max = seconds(unit.get("Service", "RestartMaxDelaySec"));
        assertThat(first).isPositive();
        assertThat(steps).isPositive();
        assertThat(max).isGreaterThan(first);

        Matcher comment = Pattern.compile("(?m)^# Back-off: (\\d+) s, doubling over (\\d+) restarts up to (\\d+) min")
                .matcher(Files.readString(unitFile(tier)));
        assertThat(comment.find()).as("the back-off comment").isTrue();
        assertThat(Long.parseLong(comment.group(1))).isEqualTo(first);
        assertThat(Long.parseLong(comment.group(2))).isEqualTo(steps);
        assertThat(Long.parseLong(comment.group(3)) * 60).isEqualTo(max);
        double factor = Math.pow((double) max / first, 1.0 / steps);
        assertThat(factor).as("growth per restart, 'doubling'").isBetween(1.8, 2.2);
    }

    /** docs/deploy.md describes the units as they are. */
    @Test
    void theDocsSayHowTheUnitsRestart() throws IOException {
        String docs = Files.readString(RepositoryFiles.file("docs/deploy.md"));
        String section = docs.substring(docs.indexOf("### The systemd units"));
        section = section.substring(0, section.indexOf("\n## "));
        assertThat(section).contains("Restart=always", "StartLimitIntervalSec=0", "RestartSteps", "RestartMaxDelaySec")
                .doesNotContainIgnoringCase("restart on failure");
    }

    private static long seconds(List<String> values) {
        assertThat(values).hasSize(1);
        assertThat(values.get(0)).as("a whole number of seconds").matches("\\d+");
        return Long.parseLong(values.get(0));
    }

    /**
     * EC2's workers run the quick compiler on one thread (BENCHMARKS.md, "The quick compiler for EC2's workers"),
     * in a variable of its own that the environment file can empty; this JVM must accept those options.
     */
    @Test
    void workerRunsTheQuickCompilerUnlessItsEnvironmentFileSaysOtherwise() throws Exception {
        Unit unit = Unit.read(unitFile("worker"));
        String jit = unit.get("Service", "Environment").stream().filter(e -> e.startsWith("JIT_OPTS="))
                .map(e -> e.substring("JIT_OPTS=".length())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the worker unit sets no JIT_OPTS"));
        assertThat(jit.split(" ")).containsExactly("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
        // both variables are split into words; the environment file is read after Environment= and can empty it
        String exec = unit.get("Service", "ExecStart").get(0);
        assertThat(exec).contains(" $JIT_OPTS $JAVA_OPTS -jar ");
        assertThat(Files.readString(RepositoryFiles.file("deploy/systemd/env/worker.env.example")))
                .containsPattern("(?m)^#JIT_OPTS=$");

        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto"));
        command.addAll(List.of(jit.split(" ")));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(out).isZero();
    }

    @Test
    void workerStopTimeoutOutlastsTheDrain() throws IOException {
        Unit unit = Unit.read(unitFile("worker"));
        Duration stop = Duration.ofSeconds(Long.parseLong(unit.get("Service", "TimeoutStopSec").get(0)));
        Duration drain = drainTimeout(unit.get("Service", "Environment"));
        assertThat(drain).isEqualTo(Duration.ofSeconds(60));
        // Leave time for the JVM and Spring to close after the drain ends.
        assertThat(stop).isGreaterThanOrEqualTo(drain.plusSeconds(20));

        String example = Files.readString(RepositoryFiles.file("deploy/systemd/env/worker.env.example"));
        Matcher m = Pattern.compile("(?m)^ELASTICFACE_WORKER_DRAIN_TIMEOUT=(\\d+)s$").matcher(example);
        assertThat(m.find()).as("the example env file sets the drain timeout").isTrue();
        assertThat(Duration.ofSeconds(Long.parseLong(m.group(1)))).isLessThan(stop);

        // Class data sharing: the archive the AMI bake writes (deploy/packer/app-tier.pkr.hcl).
        assertThat(unit.get("Service", "ExecStart").get(0))
                .contains("-XX:SharedArchiveFile=/opt/elasticface/app/elasticface.jsa");
        assertThat(unit.get("Service", "Environment"))
                .contains("DJL_CACHE_DIR=/var/cache/elasticface/djl", "DJL_OFFLINE=true");
    }

    @ParameterizedTest(name = "{0}.env.example holds no credentials")
    @ValueSource(strings = {"web", "worker", "autoscaler"})
    void exampleEnvironmentFiles(String tier) throws IOException {
        Path example = RepositoryFiles.file("deploy/systemd/env/" + tier + ".env.example");
        List<String> settings = Files.readAllLines(example).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(settings).allSatisfy(l -> assertThat(l).matches("[A-Z][A-Z0-9_]*=.*"));
        assertThat(settings).contains("ELASTICFACE_AWS_REGION=us-east-1");
        assertThat(settings).noneSatisfy(l -> assertThat(l).startsWith("AWS_"));
    }

    @ParameterizedTest(name = "systemd-analyze verify elasticface-{0}.service")
    @ValueSource(strings = {"web", "worker", "autoscaler"})
    void systemdAnalyzeVerify(String tier) throws Exception {
        Path analyze = RepositoryFiles.onPath("systemd-analyze");
        assumeTrue(analyze != null,
                "systemd-analyze is not on the PATH (Debian/Ubuntu package 'systemd'): skipping the verify check");
        // verify checks that ExecStart's binary exists; the units expect Java at /usr/bin/java.
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")),
                "no /usr/bin/java on this machine: systemd-analyze verify would only report that");

        Path unit = unitFile(tier);
        Process p = new ProcessBuilder(analyze.toString(), "verify", unit.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();

        // Unknown keys and bad values are warnings with exit status 0: fail on any line about our unit.
        // The back-off keys are systemd 254+ (Ubuntu 24.04 has 255); an older systemd here ignores them.
        List<String> aboutUnit = output.lines()
                .filter(l -> l.contains(unit.getFileName().toString()))
                .filter(l -> systemdVersion(analyze) >= 254
                        || !l.matches(".*Unknown key '(RestartSteps|RestartMaxDelaySec)'.*"))
                .toList();
        assertThat(aboutUnit).as("systemd-analyze verify output:%n%s", output).isEmpty();
        assertThat(p.exitValue()).as("systemd-analyze verify output:%n%s", output).isZero();
    }

    @Test
    void everyTierHasAUnit() {
        for (String tier : TIERS) {
            assertThat(unitFile(tier)).isRegularFile();
        }
    }

    private static Path unitFile(String tier) {
        return RepositoryFiles.file("deploy/systemd/elasticface-" + tier + ".service");
    }

    private static Duration drainTimeout(List<String> environment) {
        for (String assignment : environment) {
            if (assignment.startsWith("ELASTICFACE_WORKER_DRAIN_TIMEOUT=")) {
                String v = assignment.substring(assignment.indexOf('=') + 1);
                assertThat(v).matches("\\d+s");
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        }
        throw new AssertionError("the worker unit sets no ELASTICFACE_WORKER_DRAIN_TIMEOUT");
    }

    /** A unit file as section → key → values, in order (systemd allows repeated keys). */
    record Unit(Map<String, Map<String, List<String>>> sections) {

        static Unit read(Path file) throws IOException {
            Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
            String section = null;
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1);
                    sections.putIfAbsent(section, new LinkedHashMap<>());
                    continue;
                }
                int eq = line.indexOf('=');
                assertThat(section).as("%s: a key before any section: %s", file, line).isNotNull();
                assertThat(eq).as("%s: not a key=value line: %s", file, line).isPositive();
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                sections.get(section).computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(value);
            }
            return new Unit(sections);
        }

        List<String> get(String section, String key) {
            return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
        }
    }

    private static int systemdVersion(Path analyze) {
        try {
            Process p = new ProcessBuilder(analyze.toString(), "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            p.waitFor(10, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("systemd (\\d+)").matcher(first);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
