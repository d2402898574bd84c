package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --plot --timeline}: the course's burst under both policies, as a table and a figure. */
class SimulatePlotTest {

    @TempDir
    Path dir;

    @Test
    void theCoursesBurstUnderBothPoliciesAsATableAndAFigure() throws Exception {
        Path csv = dir.resolve("fleet.csv");
        Path svg = dir.resolve("fleet.svg");
        CommandRun run = CommandRun.run("simulate", "--requests", "100", "--policy", "both", "--timeline",
                csv.toString(), "--plot", svg.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("policy ours:", "policy naive:");
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(csv)) {
            rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        Map<String, List<CSVRecord>> byPolicy = rows.stream().collect(Collectors.groupingBy(r -> r.get("policy")));
        assertThat(byPolicy).containsOnlyKeys("ours", "naive");
        List<CSVRecord> ours = byPolicy.get("ours");
        // the course's rule, as the table shows it: up to exactly 15 running, and back to 0 at the end
        assertThat(ours.stream().mapToInt(r -> Integer.parseInt(r.get("running"))).max().orElseThrow()).isEqualTo(15);
        assertThat(ours.get(ours.size() - 1).get("running")).isEqualTo("0");
        assertThat(ours).allSatisfy(r -> assertThat(Integer.parseInt(r.get("pending")) + Integer.parseInt(r.get("running"))
                + Integer.parseInt(r.get("stopping")) + Integer.parseInt(r.get("stopped"))).isEqualTo(15));
        assertThat(Integer.parseInt(ours.get(0).get("visible"))).as("the burst, queued at the first tick").isEqualTo(100);

        List<String> text = Plots.svgText(Files.readString(svg));
        assertThat(text).contains("running (ours)", "running (naive)", "visible (ours)", "in flight (naive)",
                "virtual time (s)");
        assertThat(text).anyMatch(t -> t.startsWith("100 requests at once, max 15, boot 20 s: queue"));
    }

    @Test
    void anUnknownPolicyIsOneSentence() {
        CommandRun run = CommandRun.run("simulate", "--requests", "10", "--policy", "fastest");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--policy must be ours, naive or both, not fastest").doesNotContain("\tat ");
    }
}
