package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.autoscaler.AutoscalerApplication;
import io.elasticface.localaws.LocalAwsStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The all-in-one jar (bin/elasticface, the AMI) holds every tier's libraries, so one tier's auto-configuration
 * can start in another: each tier must start there, without AWS settings the emulators do not need.
 */
class AllInOneStartTest {

    @TempDir
    Path data;

    @Test
    void theAutoscalerStartsBesideTheOtherTiersLibrariesWithoutARegionInTheEnvironment() {
        try (LocalAwsStack stack = LocalAwsStack.start(data);
             ConfigurableApplicationContext scaler = AutoscalerApplication.builder().run(
                     "--server.port=0", "--elasticface.autoscaler.provider=local", "--elasticface.autoscaler.max=1",
                     "--elasticface.autoscaler.local.data-dir=" + data.resolve("fleet"),
                     "--elasticface.aws.s3-endpoint=" + stack.properties().s3Endpoint(),
                     "--elasticface.aws.sqs-endpoint=" + stack.properties().sqsEndpoint())) {
            assertThat(scaler.isActive()).isTrue();
        }
    }
}
