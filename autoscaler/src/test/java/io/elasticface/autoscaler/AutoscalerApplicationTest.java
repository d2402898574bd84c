package io.elasticface.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import io.elasticface.autoscaler.fleet.FakeFleet;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.queue.QueueSignal;
import io.elasticface.testing.Reachability;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The service wired end to end with a fake queue and pool: the loop runs on its timer and metrics are scraped. */
@SpringBootTest(classes = {AutoscalerApplication.class, AutoscalerApplicationTest.Fakes.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + AutoscalerApplication.CONFIG_NAMES, "elasticface.autoscaler.poll-interval=50ms",
                "elasticface.autoscaler.max=3"})
class AutoscalerApplicationTest {

    /** Not annotated, so no other test's component scan picks these up. */
    static class Fakes {
        @Bean
        @Primary
        QueueSignal fakeQueue() {
            return () -> new QueueDepth(5, 0);
        }

        @Bean
        @Primary
        FakeFleet fakeFleet() {
            return new FakeFleet(4);
        }
    }

    @Autowired
    FakeFleet fleet;

    @LocalServerPort
    int port;

    @Test
    void scalesTheFleetAndExposesPrometheusMetrics() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.count(InstanceState.RUNNING) == 3);

        String metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics)
                .contains("elasticface_autoscaler_queue_visible 5.0")
                .contains("elasticface_autoscaler_instances_desired 3.0")
                .containsPattern("elasticface_autoscaler_decisions_total\\{.*kind=\"scale_out\".*} 1.0");
    }

    @Test
    void itsPortIsReachableFromThisMachineOnly() {
        Optional<InetAddress> external = Reachability.externalAddress();
        assumeTrue(external.isPresent(), "this machine has no address but loopback");
        assertThat(Reachability.connects(InetAddress.getLoopbackAddress(), port)).isTrue();
        assertThat(Reachability.connects(external.get(), port)).as("reachable on " + external.get()).isFalse();
    }
}
