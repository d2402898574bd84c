package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.wire.WireCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int status = new CommandLine(new ElasticFace()).setOut(new PrintWriter(out)).execute(args);
        assertThat(status).isZero();
        return out.toString();
    }

    @Test
    void courseBurstAsJson() {
        String json = run("simulate", "--requests", "100", "--max", "15", "--per-instance", "1",
                "--boot-seconds", "20", "--inference-seconds", "0.5", "--json");

        @SuppressWarnings("unchecked")
        Map<String, Object> r = WireCodec.fromJson(json, Map.class);
        assertThat(r).containsKeys("peakInstances", "totalSeconds", "averageLatencySeconds", "p99LatencySeconds",
                "instanceSeconds", "idleInstanceSeconds", "scaleInSeconds", "lostRequests");
        assertThat(r.get("peakInstances")).isEqualTo(15);
        assertThat(r.get("lostRequests")).isEqualTo(0);
    }

    @Test
    void naiveSummary() {
        assertThat(run("simulate", "--requests", "30", "--policy", "naive"))
                .contains("policy naive: 30 requests, 0 lost").contains("peak 15 instances");
    }

    @Test
    void aWorkloadIsRequired() {
        assertThat(new CommandLine(new ElasticFace()).setErr(new PrintWriter(new StringWriter()))
                .execute("simulate")).isNotZero();
    }
}
