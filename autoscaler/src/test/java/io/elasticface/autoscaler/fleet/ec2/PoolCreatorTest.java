package io.elasticface.autoscaler.fleet.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

class PoolCreatorTest {

    private final WireMockServer ec2Api = new WireMockServer(options().dynamicPort());
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        ec2Api.start();
        ec2 = Ec2InstanceProvider.client(new AwsClients(
                new AwsProperties("us-east-1", null, null, null, URI.create(ec2Api.baseUrl()), null)));
    }

    @AfterEach
    void stop() {
        ec2.close();
        ec2Api.stop();
    }

    private static MappingBuilder action(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action));
    }

    /** i-n1, the one new instance: running at the first look, stopped once stopped. */
    private void stubOneInstanceRunningThenStopped() {
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("InstanceId.1=i-n1"))
                .inScenario("life").whenScenarioStateIs(STARTED)
                .willReturn(Ec2Xml.describe(Ec2Xml.instance("i-n1", "running", "app-tier-instance-1"))));
        ec2Api.stubFor(action("StopInstances").inScenario("life").whenScenarioStateIs(STARTED)
                .willReturn(Ec2Xml.transition("StopInstances", "running", "stopped", "i-n1")).willSetStateTo("stopped"));
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("InstanceId.1=i-n1"))
                .inScenario("life").whenScenarioStateIs("stopped")
                .willReturn(Ec2Xml.describe(Ec2Xml.instance("i-n1", "stopped", "app-tier-instance-1"))));
    }

    @Test
    void launchesNamesWaitsUntilRunningThenLeavesThemStopped() {
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("Filter.1.Name=tag%3AName"))
                .willReturn(Ec2Xml.describe(
                        Ec2Xml.instance("i-old1", "stopped", "app-tier-instance-1"),
                        Ec2Xml.instance("i-old2", "stopped", "app-tier-instance-2"))));
        ec2Api.stubFor(action("RunInstances").willReturn(Ec2Xml.run("i-n1", "i-n2")));
        ec2Api.stubFor(action("CreateTags").willReturn(Ec2Xml.createTags()));
        // the new instances' life: pending on the first look, running on the next, stopped once stopped
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("InstanceId.1=i-n1"))
                .inScenario("life").whenScenarioStateIs(STARTED)
                .willReturn(Ec2Xml.describe(Ec2Xml.instance("i-n1", "pending", "app-tier-instance-3"),
                        Ec2Xml.instance("i-n2", "pending", "app-tier-instance-4")))
                .willSetStateTo("booted"));
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("InstanceId.1=i-n1"))
                .inScenario("life").whenScenarioStateIs("booted")
                .willReturn(Ec2Xml.describe(Ec2Xml.instance("i-n1", "running", "app-tier-instance-3"),
                        Ec2Xml.instance("i-n2", "running", "app-tier-instance-4"))));
        ec2Api.stubFor(action("StopInstances").inScenario("life").whenScenarioStateIs("booted")
                .willReturn(Ec2Xml.transition("StopInstances", "running", "stopping", "i-n1", "i-n2"))
                .willSetStateTo("stopped"));
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("InstanceId.1=i-n1"))
                .inScenario("life").whenScenarioStateIs("stopped")
                .willReturn(Ec2Xml.describe(Ec2Xml.instance("i-n1", "stopped", "app-tier-instance-3"),
                        Ec2Xml.instance("i-n2", "stopped", "app-tier-instance-4"))));

        var ids = new PoolCreator(ec2, Duration.ofMillis(1), Duration.ofSeconds(10))
                .create(2, "app-tier-template", "app-tier-instance-", "1234567890");

        assertThat(ids).containsExactly("i-n1", "i-n2");
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RunInstances"))))
                .singleElement().satisfies(r -> assertThat(r.getBodyAsString())
                        .contains("MinCount=2", "MaxCount=2", "LaunchTemplate.LaunchTemplateName=app-tier-template"));
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateTags"))))
                .extracting(r -> r.getBodyAsString())
                .anySatisfy(b -> assertThat(b).contains("ResourceId.1=i-n1", "Tag.1.Value=app-tier-instance-3"))
                .anySatisfy(b -> assertThat(b).contains("ResourceId.1=i-n2", "Tag.1.Value=app-tier-instance-4"))
                // the tag the autoscaler selects by and its IAM policy checks, whatever the launch template tags
                .allSatisfy(b -> assertThat(b).contains("Tag.2.Key=elasticface%3Apool", "Tag.2.Value=1234567890"));
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=StopInstances"))))
                .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).doesNotContain("Hibernate"));
    }

    @Test
    void aTemplateIdIsPassedAsAnId() {
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("Filter.1.Name=tag%3AName"))
                .willReturn(Ec2Xml.describe()));
        ec2Api.stubFor(action("RunInstances").willReturn(Ec2Xml.run("i-n1")));
        ec2Api.stubFor(action("CreateTags").willReturn(Ec2Xml.createTags()));
        stubOneInstanceRunningThenStopped();

        new PoolCreator(ec2, Duration.ofMillis(1), Duration.ofSeconds(10)).create(1, "lt-0abc123", "app-tier-instance-", "1234567890");

        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RunInstances"))))
                .singleElement().satisfies(r -> assertThat(r.getBodyAsString())
                        .contains("LaunchTemplate.LaunchTemplateId=lt-0abc123"));
    }

    @Test
    void newInstancesNotYetVisibleToOtherCallsAreRetried() {
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("Filter.1.Name=tag%3AName"))
                .willReturn(Ec2Xml.describe()));
        ec2Api.stubFor(action("RunInstances").willReturn(Ec2Xml.run("i-n1")));
        // EC2's eventual consistency: the id is unknown to CreateTags for a moment after RunInstances
        ec2Api.stubFor(action("CreateTags").inScenario("visible").whenScenarioStateIs(STARTED)
                .willReturn(Ec2Xml.error(400, "InvalidInstanceID.NotFound", "The instance ID 'i-n1' does not exist"))
                .willSetStateTo("known"));
        ec2Api.stubFor(action("CreateTags").inScenario("visible").whenScenarioStateIs("known")
                .willReturn(Ec2Xml.createTags()));
        stubOneInstanceRunningThenStopped();

        var ids = new PoolCreator(ec2, Duration.ofMillis(1), Duration.ofSeconds(10)).create(1, "t", "app-tier-instance-", "1234567890");

        assertThat(ids).containsExactly("i-n1");
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateTags"))))
                .hasSize(2);
    }

    @Test
    void aHibernatingPoolSettlesThenHibernatesAndAPlainOneNeverAsks() {
        ec2Api.stubFor(action("DescribeInstances").withRequestBody(containing("Filter.1.Name=tag%3AName"))
                .willReturn(Ec2Xml.describe()));
        ec2Api.stubFor(action("RunInstances").willReturn(Ec2Xml.run("i-n1")));
        ec2Api.stubFor(action("CreateTags").willReturn(Ec2Xml.createTags()));
        stubOneInstanceRunningThenStopped();

        new PoolCreator(ec2, Duration.ofMillis(1), Duration.ofSeconds(10))
                .create(1, "t", "app-tier-instance-", "1234567890", Duration.ofMillis(5), true);

        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=StopInstances"))))
                .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("Hibernate=true"));
    }
}
