package io.elasticface.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.elasticface.autoscaler.fleet.Instance;
import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.InstanceState;
import io.elasticface.autoscaler.fleet.local.SqsWorker;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.messaging.SqsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The service with the local fleet against ElasticMQ: a burst scales real worker processes up to the
 * maximum and back to zero, and every message is worked on exactly once.
 */
class LocalFleetEndToEndTest {

    private static final int MAX = 3;
    private static final int REQUESTS = 24;

    @TempDir
    Path dataDir;

    @Test
    void aBurstScalesWorkerProcessesToTheMaximumAndBackToZero() throws Exception {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        String endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        try (SqsClient sqs = SqsClients.create(new AwsClients(AwsProperties.emulators(null, URI.create(endpoint))))) {
            String url = sqs.createQueue(r -> r.queueName("e2e-req-queue")
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
            IntStream.range(0, REQUESTS).forEach(i -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("m-" + i)));

            List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    SqsWorker.class.getName(), endpoint, url, "{id}", "400");
            // command-line arguments outrank autoscaler.properties
            List<String> args = new ArrayList<>(List.of("--server.port=0",
                    "--elasticface.autoscaler.provider=local",
                    "--elasticface.autoscaler.max=" + MAX,
                    "--elasticface.autoscaler.poll-interval=200ms",
                    "--elasticface.autoscaler.grace=1s", // the course's quick return to 0, which this test checks
                    "--elasticface.autoscaler.local.data-dir=" + dataDir,
                    "--elasticface.autoscaler.local.stop-timeout=20s",
                    "--elasticface.aws.sqs-endpoint=" + endpoint,
                    "--elasticface.names.request-queue=e2e-req-queue"));
            for (int i = 0; i < command.size(); i++) {
                args.add("--elasticface.autoscaler.local.command[" + i + "]=" + command.get(i));
            }
            try (ConfigurableApplicationContext context = AutoscalerApplication.builder().run(args.toArray(String[]::new))) {
                InstanceProvider fleet = context.getBean(InstanceProvider.class);
                AtomicInteger peak = new AtomicInteger();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    long up = fleet.list().stream().filter(LocalFleetEndToEndTest::active).count();
                    peak.accumulateAndGet((int) up, Math::max);
                    return done().size() == REQUESTS;
                });
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        fleet.list().stream().allMatch(i -> i.state() == InstanceState.STOPPED));

                assertThat(peak.get()).isEqualTo(MAX);
                assertThat(done().stream().map(line -> line.split(" ")[1])
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
                        .hasSize(REQUESTS).allSatisfy((message, times) -> assertThat(times).isEqualTo(1));
                assertThat(logs()).filteredOn(l -> l.startsWith("started ")).hasSizeGreaterThanOrEqualTo(MAX);
                assertThat(logs()).filteredOn(l -> l.startsWith("drained ")).hasSameSizeAs(
                        logs().stream().filter(l -> l.startsWith("started ")).toList());
            }
        } finally {
            server.stopAndWait();
        }
    }

    private static boolean active(Instance i) {
        return i.state() == InstanceState.PENDING || i.state() == InstanceState.RUNNING;
    }

    private List<String> done() {
        return logs().stream().filter(l -> l.startsWith("done ")).toList();
    }

    private List<String> logs() {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
