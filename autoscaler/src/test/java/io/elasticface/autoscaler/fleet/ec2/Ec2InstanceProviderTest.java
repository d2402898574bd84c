package io.elasticface.autoscaler.fleet.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceException;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.loop.ControlLoop;
import io.elasticface.autoscaler.policy.QueueDepth;
import io.elasticface.autoscaler.policy.QueuePolicy;
import io.elasticface.autoscaler.policy.ScalingSettings;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** The EC2 adapter against WireMock speaking the EC2 Query protocol. */
class Ec2InstanceProviderTest {

    private final WireMockServer ec2Api = new WireMockServer(options().dynamicPort());
    private Ec2Client ec2;
    private Ec2InstanceProvider provider;

    @BeforeEach
    void start() {
        ec2Api.start();
        ec2 = Ec2InstanceProvider.client(new AwsClients(
                new AwsProperties("us-east-1", null, null, null, URI.create(ec2Api.baseUrl()), null)));
        provider = new Ec2InstanceProvider(ec2, "Name", "app-tier-instance-*", new Backoff(3, Duration.ofMillis(1)));
    }

    @AfterEach
    void stop() {
        ec2.close();
        ec2Api.stop();
    }

    private void on(String action, ResponseDefinitionBuilder response) {
        ec2Api.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action)).willReturn(response));
    }

    private int calls(String action) {
        return ec2Api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action))).size();
    }

    @Test
    void listsThePoolByTagInTheFourStatesItActsOn() {
        on("DescribeInstances", Ec2Xml.describe(
                Ec2Xml.instance("i-b", "running", "app-tier-instance-2"),
                Ec2Xml.instance("i-a", "stopped", "app-tier-instance-1"),
                Ec2Xml.instance("i-c", "stopping", "app-tier-instance-3"),
                Ec2Xml.instance("i-d", "pending", "app-tier-instance-4")));

        assertThat(provider.list()).containsExactly(
                new Instance("i-a", InstanceState.STOPPED), new Instance("i-b", InstanceState.RUNNING),
                new Instance("i-c", InstanceState.STOPPING), new Instance("i-d", InstanceState.PENDING));
        String body = ec2Api.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(body).contains("Filter.1.Name=tag%3AName", "Filter.1.Value.1=app-tier-instance-*",
                "Filter.2.Name=instance-state-name", "Filter.2.Value.4=stopped");
    }

    @Test
    void startsABatchInOneCall() {
        on("StartInstances", Ec2Xml.transition("StartInstances", "stopped", "pending", "i-a", "i-b"));

        provider.start(List.of("i-a", "i-b"));

        assertThat(calls("StartInstances")).isEqualTo(1);
        assertThat(ec2Api.getAllServeEvents().get(0).getRequest().getBodyAsString())
                .contains("InstanceId.1=i-a", "InstanceId.2=i-b");
    }

    @Test
    void backsOffOnThrottlingThenSucceeds() {
        ec2Api.stubFor(post(urlEqualTo("/")).inScenario("throttle").whenScenarioStateIs(STARTED)
                .withRequestBody(containing("Action=StopInstances"))
                .willReturn(Ec2Xml.error(503, "RequestLimitExceeded", "Request limit exceeded."))
                .willSetStateTo("calm"));
        ec2Api.stubFor(post(urlEqualTo("/")).inScenario("throttle").whenScenarioStateIs("calm")
                .withRequestBody(containing("Action=StopInstances"))
                .willReturn(Ec2Xml.transition("StopInstances", "running", "stopping", "i-a")));

        provider.stop(List.of("i-a"));

        assertThat(calls("StopInstances")).isEqualTo(2);
    }

    @Test
    void retriesAnInstanceThatIsStillStoppingUntilItCanStart() {
        ec2Api.stubFor(post(urlEqualTo("/")).inScenario("stopping").whenScenarioStateIs(STARTED)
                .withRequestBody(containing("Action=StartInstances"))
                .willReturn(Ec2Xml.error(400, "IncorrectInstanceState",
                        "The instance 'i-a' is not in a state from which it can be started."))
                .willSetStateTo("stopped"));
        ec2Api.stubFor(post(urlEqualTo("/")).inScenario("stopping").whenScenarioStateIs("stopped")
                .withRequestBody(containing("Action=StartInstances"))
                .willReturn(Ec2Xml.transition("StartInstances", "stopped", "pending", "i-a")));

        provider.start(List.of("i-a"));

        assertThat(calls("StartInstances")).isEqualTo(2);
    }

    @Test
    void givesUpOnAPersistentWrongStateWithATypedError() {
        on("StartInstances", Ec2Xml.error(400, "IncorrectInstanceState", "not in a state from which it can be started"));

        assertThatThrownBy(() -> provider.start(List.of("i-a")))
                .isInstanceOf(InstanceException.WrongState.class)
                .satisfies(e -> assertThat(((InstanceException) e).ids()).containsExactly("i-a"));
        assertThat(calls("StartInstances")).isEqualTo(3);
    }

    @Test
    void mapsAGoneInstanceToNotFoundWithoutRetrying() {
        on("StopInstances", Ec2Xml.error(400, "InvalidInstanceID.NotFound", "The instance ID 'i-x' does not exist"));

        assertThatThrownBy(() -> provider.stop(List.of("i-x"))).isInstanceOf(InstanceException.NotFound.class);
        assertThat(calls("StopInstances")).isEqualTo(1);
    }

    @Test
    void mapsInsufficientCapacity() {
        on("StartInstances", Ec2Xml.error(500, "InsufficientInstanceCapacity", "We currently do not have sufficient capacity"));

        assertThatThrownBy(() -> provider.start(List.of("i-a")))
                .isInstanceOf(InstanceException.InsufficientCapacity.class);
    }

    @Test
    void oneInstanceInTheWrongStateDoesNotHoldBackTheRest() {
        ec2Api.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=StartInstances"))
                .withRequestBody(containing("InstanceId.2="))
                .willReturn(Ec2Xml.error(400, "IncorrectInstanceState", "i-b is stopping")));
        ec2Api.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=StartInstances"))
                .withRequestBody(containing("InstanceId.1=i-a")).withRequestBody(notContaining("InstanceId.2="))
                .willReturn(Ec2Xml.transition("StartInstances", "stopped", "pending", "i-a")));
        ec2Api.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=StartInstances"))
                .withRequestBody(containing("InstanceId.1=i-b")).withRequestBody(notContaining("InstanceId.2="))
                .willReturn(Ec2Xml.error(400, "IncorrectInstanceState", "i-b is stopping")));

        assertThatThrownBy(() -> provider.start(List.of("i-a", "i-b")))
                .isInstanceOf(InstanceException.WrongState.class)
                .satisfies(e -> assertThat(((InstanceException) e).ids()).containsExactly("i-b"));
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("InstanceId.1=i-a")).withRequestBody(notContaining("InstanceId.2="))))
                .hasSize(1);
    }

    @Test
    void aHibernatingPoolAsksEc2ToHibernateAndStopsPlainlyTheInstancesThatCannot() {
        Ec2InstanceProvider hibernating = new Ec2InstanceProvider(ec2, "Name", "app-tier-instance-*",
                new Backoff(3, Duration.ofMillis(1)), true);
        on("StopInstances", Ec2Xml.transition("StopInstances", "running", "stopping", "i-a"));
        hibernating.stop(List.of("i-a"));
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=StopInstances"))
                .withRequestBody(containing("Hibernate=true")))).hasSize(1);

        ec2Api.resetAll();
        ec2Api.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Hibernate=true"))
                .willReturn(Ec2Xml.error(400, "UnsupportedHibernationConfiguration",
                        "The instance 'i-b' does not have hibernation configured")).atPriority(1));
        on("StopInstances", Ec2Xml.transition("StopInstances", "running", "stopping", "i-b"));
        hibernating.stop(List.of("i-b"));
        assertThat(calls("StopInstances")).isEqualTo(2);
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=StopInstances"))
                .withRequestBody(notContaining("Hibernate")))).hasSize(1);
    }

    @Test
    void aPlainPoolNeverAsksForHibernation() {
        on("StopInstances", Ec2Xml.transition("StopInstances", "running", "stopping", "i-a"));
        provider.stop(List.of("i-a"));
        assertThat(ec2Api.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(notContaining("Hibernate")))).hasSize(1);
    }

    @Test
    void anUnmappedErrorPassesThroughForTheLoopToLog() {
        on("DescribeInstances", Ec2Xml.error(400, "InvalidParameterValue", "bad filter"));

        assertThatThrownBy(() -> provider.list())
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }

    @Test
    void aDeniedCallNamesItsAction() {
        on("DescribeInstances", Ec2Xml.error(403, "UnauthorizedOperation", "You are not authorized"));

        assertThatThrownBy(() -> provider.list()).isInstanceOfSatisfying(InstanceException.AccessDenied.class,
                e -> assertThat(e.action()).isEqualTo("ec2:DescribeInstances"));
    }

    @Test
    void anAccessDeniedAnswerIsOneClearLogLineNotAStackTraceEveryTick() {
        Ec2InstanceProvider pool = new Ec2InstanceProvider(ec2, Ec2InstanceProvider.POOL_TAG, "blue",
                new Backoff(3, Duration.ofMillis(1)));
        on("DescribeInstances", Ec2Xml.describe(Ec2Xml.instance("i-a", "stopped", "app-tier-instance-1")));
        on("StartInstances", Ec2Xml.error(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: abc"));

        List<ILoggingEvent> loud = warningsOverTicks(pool, 5);

        assertThat(loud).as("warnings and errors over 5 denied ticks").hasSize(1);
        // the action, the resource, and what to fix: the policy's tag condition and the tag selected by
        assertThat(loud.get(0).getFormattedMessage()).contains("ec2:StartInstances", "[i-a]",
                "aws:ResourceTag/elasticface:pool", "elasticface:pool=blue", "StartStopThePool");
        assertThat(loud.get(0).getFormattedMessage()).doesNotContain("Encoded authorization failure message");
        assertThat(loud.get(0).getThrowableProxy()).as("no stack trace").isNull();
        assertThat(calls("StartInstances")).isEqualTo(5); // still tried each tick: a fixed policy heals by itself
    }

    @Test
    void aDeniedListingAsksForResourceStarNotForTheTag() {
        on("DescribeInstances", Ec2Xml.error(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));

        List<ILoggingEvent> loud = warningsOverTicks(provider, 3);

        // DescribeInstances has no resource-level permissions: a tag condition or a narrower Resource denies it
        assertThat(loud).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("ec2:DescribeInstances", "Resource \"*\"", "SeeThePool")
                .doesNotContain("[]", "aws:ResourceTag"));
    }

    @Test
    void refusedCredentialsAreNotBlamedOnThePolicy() {
        on("DescribeInstances", Ec2Xml.error(401, "AuthFailure", "AWS was not able to validate the provided access credentials"));

        assertThat(warningsOverTicks(provider, 2)).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("ec2:DescribeInstances", "AuthFailure", "credentials").doesNotContain("elasticface:pool"));
    }

    /** Runs the control loop over this pool with work queued and returns its WARN and ERROR lines. */
    private static List<ILoggingEvent> warningsOverTicks(Ec2InstanceProvider pool, int ticks) {
        Logger logger = (Logger) LoggerFactory.getLogger(ControlLoop.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            ControlLoop loop = new ControlLoop(() -> new QueueDepth(3, 0), pool,
                    new QueuePolicy(new ScalingSettings(0, 3, 1, Duration.ZERO)), 1, Clock.systemUTC(),
                    new SimpleMeterRegistry());
            for (int tick = 0; tick < ticks; tick++) {
                loop.tick();
            }
        } finally {
            logger.detachAppender(logs);
        }
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }
}
