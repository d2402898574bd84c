package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import io.elasticface.testing.Reachability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Metrics and the actuator live on a management port bound to loopback; the public port has probes only. */
class ManagementPortTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static ConfigurableApplicationContext web;
    private static int publicPort;
    private static int managementPort;

    @BeforeAll
    static void start() {
        web = LocalSystem.get().startWeb("management-replies", Map.of());
        publicPort = ((WebServerApplicationContext) web).getWebServer().getPort();
        managementPort = Integer.parseInt(web.getEnvironment().getProperty("local.management.port", "-1"));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void thePublicPortServesNoMetricsNorActuator() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator", "/actuator/health"}) {
            assertThat(get(publicPort, path).statusCode()).as(path).isEqualTo(404);
        }
        // load balancers and container runtimes still probe the public port
        assertThat(get(publicPort, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(publicPort, "/livez").statusCode()).isEqualTo(200);
    }

    @Test
    void theManagementPortServesMetricsOnLoopbackOnly() throws Exception {
        assertThat(managementPort).as("a separate management port").isPositive().isNotEqualTo(publicPort);
        HttpResponse<String> metrics = get(managementPort, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("elasticface_web");

        Optional<InetAddress> external = Reachability.externalAddress();
        if (external.isPresent()) {
            assertThat(Reachability.connects(external.get(), managementPort)).as("management port reachable on " + external.get())
                    .isFalse();
            assertThat(Reachability.connects(external.get(), publicPort)).as("public port on " + external.get()).isTrue();
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
