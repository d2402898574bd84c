package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * After a burst of uploads the request threads go, although light traffic goes on (defect 18): Tomcat hands
 * work to its idle threads in turn, so a trickle of requests keeps every one of them from timing out, and
 * without trimming the pool stays at its peak. Two web tiers take the same burst and trickle, one trimming.
 */
class RequestThreadsAfterABurstTest {

    private static final LocalSystem system = LocalSystem.get();
    private static final int MIN_SPARE = 4;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static ConfigurableApplicationContext trimmed;
    private static ConfigurableApplicationContext untrimmed;

    @BeforeAll
    static void start() {
        contexts.add(system.startWorker("threads-worker", Map.of()));
        trimmed = system.startWeb("threads-trimmed-replies", Map.of("server.tomcat.threads.min-spare", MIN_SPARE,
                "elasticface.web.request-thread-trim", "2s"));
        untrimmed = system.startWeb("threads-untrimmed-replies", Map.of("server.tomcat.threads.min-spare", MIN_SPARE,
                "elasticface.web.request-thread-trim", "0s"));
        contexts.add(trimmed);
        contexts.add(untrimmed);
    }

    @AfterAll
    static void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }

    @Test
    void aBurstsThreadsGoWhileATrickleGoesOn() throws Exception {
        int trimmedPeak = burst(trimmed);
        int untrimmedPeak = burst(untrimmed);
        assertThat(trimmedPeak).as("the burst grew the trimmed pool").isGreaterThan(3 * MIN_SPARE);
        assertThat(untrimmedPeak).as("the burst grew the untrimmed pool").isGreaterThan(3 * MIN_SPARE);

        // 20 requests a second to each for 7 s: every idle thread is used well within Tomcat's 60 s idle timeout
        for (int i = 0; i < 140; i++) {
            assertThat(Http.get(url(trimmed) + "/readyz").statusCode()).isEqualTo(200);
            assertThat(Http.get(url(untrimmed) + "/readyz").statusCode()).isEqualTo(200);
            Thread.sleep(50);
        }

        assertThat(pool(trimmed).getPoolSize()).as("trimmed, after a peak of " + trimmedPeak)
                .isLessThanOrEqualTo(2 * MIN_SPARE);
        assertThat(pool(untrimmed).getPoolSize()).as("untrimmed, after a peak of " + untrimmedPeak)
                .isGreaterThan(3 * MIN_SPARE);
        // and the trimmed pool grows again for the next burst
        assertThat(burst(trimmed)).isGreaterThan(3 * MIN_SPARE);
    }

    /** 150 uploads from 100 clients at once; returns the most request threads seen meanwhile. */
    private static int burst(ConfigurableApplicationContext web) throws Exception {
        byte[] photo = TestImages.encode(16, 16, "png");
        ExecutorService clients = Executors.newFixedThreadPool(101);
        AtomicBoolean bursting = new AtomicBoolean(true);
        Future<Integer> peak = clients.submit(() -> {
            int most = 0;
            while (bursting.get()) {
                most = Math.max(most, pool(web).getPoolSize());
                Thread.sleep(2);
            }
            return most;
        });
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                int n = i;
                answers.add(clients.submit(() -> Http.upload(url(web) + "/", "inputFile", "b" + n + ".png", photo)
                        .statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            bursting.set(false);
            return peak.get();
        } finally {
            bursting.set(false);
            clients.shutdownNow();
        }
    }

    private static String url(ConfigurableApplicationContext web) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) web).getWebServer().getPort();
    }

    private static ThreadPoolExecutor pool(ConfigurableApplicationContext web) {
        TomcatWebServer tomcat = (TomcatWebServer) ((WebServerApplicationContext) web).getWebServer();
        return (ThreadPoolExecutor) tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor();
    }
}
