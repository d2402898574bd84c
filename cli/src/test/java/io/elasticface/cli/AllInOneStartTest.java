package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.autoscaler.AutoscalerApplication;
import io.elasticface.localaws.LocalAwsStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The all-in-one jar (bin/elasticface, the AMI) holds every tier's libraries, so one tier's auto-configuration
 * can start in another: each tier must start there, without AWS settings the emulators do not need.
 */
class AllInOneStartTest {

    @TempDir
    Path data;

    @Test
    void theAutoscalerStartsBesideTheOtherTiersLibrariesWithoutARegionInTheEnvironment() throws Exception {
        try (LocalAwsStack stack = LocalAwsStack.start(data);
             ConfigurableApplicationContext scaler = AutoscalerApplication.builder().run(
                     "--server.port=0", "--elasticface.autoscaler.provider=local", "--elasticface.autoscaler.max=1",
                     "--elasticface.autoscaler.local.data-dir=" + data.resolve("fleet"),
                     "--elasticface.aws.s3-endpoint=" + stack.properties().s3Endpoint(),
                     "--elasticface.aws.sqs-endpoint=" + stack.properties().sqsEndpoint())) {
            assertThat(scaler.isActive()).isTrue();
            // the web tier's Spring Security is on this classpath too: it must not lock the autoscaler's Actuator
            int port = ((WebServerApplicationContext) scaler).getWebServer().getPort();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("elasticface_autoscaler_instances");
        }
    }
}
