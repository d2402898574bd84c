package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elasticface.app.AppTierApplication;
import io.elasticface.app.status.StatusServer;
import io.elasticface.localaws.LocalAwsStack;
import io.elasticface.messaging.QueueProvisioner;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.ResourceNames;
import io.elasticface.web.WebTierApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * {@code subjects add|list|remove}, {@code verify} and {@code detect} against a real web tier and a worker running
 * the engine (ElasticMQ and S3Proxy in this JVM), on the course's photos. The worker starts as its process does,
 * from the bean definitions Spring AOT generated in this module's build (app-tier's own tests start it the
 * regular way).
 */
class ApiCommandsTest {

    @TempDir
    static Path dir;
    private static LocalAwsStack stack;
    private static ConfigurableApplicationContext worker;
    private static ConfigurableApplicationContext web;
    private static Path photos;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        photos = Path.of(System.getProperty("elasticface.shared", "../shared")).resolve("datasets/cse546-faces-enroll");
        assumeTrue(Files.isDirectory(photos), "dataset cse546-faces-enroll is absent (looked in "
                + photos.toAbsolutePath() + "): skipping");
        stack = LocalAwsStack.start(dir.resolve("aws"));
        ResourceNames names = ResourceNames.defaults();
        new QueueProvisioner(SqsClients.create(stack.clients())).ensureRequestQueue(names.requestQueue(),
                names.deadLetterQueue(), Duration.ofSeconds(30), 3);
        List<String> common = List.of("--elasticface.aws.s3-endpoint=" + stack.properties().s3Endpoint(),
                "--elasticface.aws.sqs-endpoint=" + stack.properties().sqsEndpoint(),
                "--elasticface.results.store=directory", "--elasticface.results.directory=" + dir.resolve("results"),
                "--server.port=0", "--elasticface.worker.poll-timeout=1s", "--elasticface.web.reply-poll-timeout=1s");
        worker = AppTierApplication.runProcess(with(common, "--elasticface.worker.concurrency=2",
                "--management.server.port=0"));
        web = WebTierApplication.builder().run(with(common, "--management.server.port=0"));
        url = "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort() + "/";
    }

    private static String[] with(List<String> common, String... more) {
        return java.util.stream.Stream.concat(common.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFolderIsEnrolledOnceReportingWhatWasRefusedAndARunAgainDoesNothingNew() throws Exception {
        // 20 labelled course photos, one of them not a photo at all, one labelled with a name the API refuses
        Path images = Files.createDirectories(dir.resolve("images"));
        List<String> rows = Files.readAllLines(photos.resolve("labels.csv")).subList(1, 21);
        StringBuilder labels = new StringBuilder("Image,Results\n");
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            Files.copy(photos.resolve(cells[0] + ".jpg"), images.resolve(cells[0] + ".jpg"));
            labels.append(cells[0]).append(',').append(i == 0 ? "not a name" : cells[1]).append('\n');
        }
        Files.writeString(images.resolve("broken.jpg"), "not a photo");
        labels.append("broken,Someone\n");
        Path csv = Files.writeString(dir.resolve("labels.csv"), labels);
        Path state = dir.resolve("state.csv");

        CommandRun first = CommandRun.run("subjects", "add", "--url", url, "--collection", "course", "--images",
                images.toString(), "--labels", csv.toString(), "--state", state.toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.err()).contains("course: 19 enrolled, 2 refused, 0 failed").contains("INVALID_NAME")
                .contains("refused broken.jpg (Someone): NOT_AN_IMAGE");

        CommandRun again = CommandRun.run("subjects", "add", "--url", url, "--collection", "course", "--images",
                images.toString(), "--labels", csv.toString(), "--state", state.toString());
        assertThat(again.err()).contains("course: 0 enrolled, 0 refused, 0 failed (tried again on the next run), "
                + "21 done before");

        CommandRun list = CommandRun.run("subjects", "list", "--url", url, "--collection", "course");
        assertThat(list.status()).isZero();
        int faces = list.out().lines().filter(l -> l.matches("[A-Za-z0-9_.-]+\t\\d+")).mapToInt(l -> Integer.parseInt(l.split("\t")[1])).sum();
        assertThat(faces).isEqualTo(19);
        String someone = list.out().lines().findFirst().orElseThrow().split("\t")[0];
        CommandRun removed = CommandRun.run("subjects", "remove", "--url", url, "--collection", "course",
                "--subject", someone);
        assertThat(removed.out()).contains("removed ");
        assertThat(CommandRun.run("subjects", "list", "--url", url, "--collection", "course").out())
                .doesNotContain(someone + "\t");
        assertThat(CommandRun.run("subjects", "list", "--url", url, "--collection", "nobody").err())
                .contains("NO_SUCH_COLLECTION");
    }

    @Test
    void verifyAndDetectAnswerAndSayWhenTheyCannot() throws Exception {
        String first = Files.readAllLines(photos.resolve("labels.csv")).get(1).split(",")[0];
        Path a = photos.resolve(first + ".jpg");
        CommandRun same = CommandRun.run("verify", "--url", url, a.toString(), a.toString());
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.out()).contains("same person (distance 0.000");
        CommandRun detect = CommandRun.run("detect", "--url", url, a.toString());
        assertThat(detect.status()).as(detect.err()).isZero();
        assertThat(detect.out()).contains("1 faces in " + first + ".jpg").contains("landmarks");
        CommandRun away = CommandRun.run("detect", "--url", "http://127.0.0.1:9/", a.toString());
        assertThat(away.status()).isEqualTo(2);
        assertThat(away.err()).contains("cannot reach the web tier at http://127.0.0.1:9/");
    }

    /** Its beans come from the generated code (instance suppliers), not from reading configuration classes. */
    @Test
    void theWorkerStartsFromTheCodeSpringAotGeneratedAtBuildTime() {
        var definitions = (BeanDefinitionRegistry) worker.getBeanFactory();
        for (String bean : List.of("requestProcessor", "faceRecognizer", "requestPoller", "sqsClient")) {
            assertThat(definitions.getBeanDefinition(bean))
                    .as(bean).isInstanceOfSatisfying(RootBeanDefinition.class,
                            definition -> assertThat(definition.getInstanceSupplier()).isNotNull());
        }
        // it receives with its own poller: no Spring Cloud AWS listener, no asynchronous (Netty) client
        assertThat(worker.getBeanNamesForType(SqsAsyncClient.class)).isEmpty();
        assertThat(web.getBeanNamesForType(SqsAsyncClient.class)).hasSize(1);
        // and the flag Spring reads process-wide is gone, so the web tier above started the regular way
        assertThat(System.getProperty("spring.aot.enabled")).isNull();
        assertThat(web.getBeanFactory().getBeanDefinition("recognitionController"))
                .isNotInstanceOf(RootBeanDefinition.class);
    }

    /** The worker has no servlet container; its own status server answers at Actuator's paths on server.port. */
    @Test
    void theWorkerServesItsStatusWithoutAServletContainer() throws Exception {
        assertThat(worker).isNotInstanceOf(WebServerApplicationContext.class);
        String status = "http://127.0.0.1:" + worker.getBean(StatusServer.class).port();
        HttpClient http = HttpClient.newHttpClient();
        int ready = 0;
        for (int i = 0; i < 600 && ready != 200; i++) { // 200 once the engine has loaded
            ready = http.send(HttpRequest.newBuilder(URI.create(status + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (ready != 200) {
                Thread.sleep(100);
            }
        }
        assertThat(ready).isEqualTo(200);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(status + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("elasticface_worker_request_duration_seconds").contains("jvm_memory_used");
    }
}
