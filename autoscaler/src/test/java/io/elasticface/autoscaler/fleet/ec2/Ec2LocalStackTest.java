package io.elasticface.autoscaler.fleet.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The EC2 adapter against LocalStack's mocked EC2, where Docker exists; skipped cleanly without it. */
@Testcontainers(disabledWithoutDocker = true)
class Ec2LocalStackTest {

    // the last tags before LocalStack required an auth token
    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0")).withServices("ec2");

    @Test
    void startsAndStopsAPoolFoundByTag() {
        try (Ec2Client ec2 = Ec2InstanceProvider.client(new AwsClients(new AwsProperties(
                LOCALSTACK.getRegion(), null, null, null, LOCALSTACK.getEndpoint(), null)))) {
            String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
            List<String> ids = ec2.runInstances(r -> r.imageId(image).minCount(2).maxCount(2)
                            .tagSpecifications(t -> t.resourceType("instance")
                                    .tags(tag -> tag.key("Name").value("app-tier-instance-x"))))
                    .instances().stream().map(i -> i.instanceId()).sorted().toList();
            Ec2InstanceProvider provider = new Ec2InstanceProvider(ec2, "Name", "app-tier-instance-*",
                    new Backoff(5, Duration.ofMillis(200)));

            provider.stop(ids);
            assertThat(provider.list()).extracting(Instance::id).containsExactlyElementsOf(ids);
            assertThat(provider.list()).extracting(Instance::state)
                    .allMatch(s -> s == InstanceState.STOPPING || s == InstanceState.STOPPED);

            provider.start(ids.subList(0, 1));
            assertThat(provider.list()).filteredOn(i -> i.id().equals(ids.get(0))).extracting(Instance::state)
                    .allMatch(s -> s == InstanceState.PENDING || s == InstanceState.RUNNING);
        }
    }
}
