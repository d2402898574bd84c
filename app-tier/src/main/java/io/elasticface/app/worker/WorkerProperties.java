package io.elasticface.app.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The worker's settings.
 *
 * @param concurrency         requests processed at once (1 in the course profile; default one per core)
 * @param drainTimeout        on shutdown, how long to finish the requests in hand before exiting
 * @param maxProcessing       after this long a request in hand is no longer kept hidden: a hung request
 *                            goes back to the queue for another worker (and, in the end, to the DLQ)
 * @param pollTimeout         how long one receive waits for a message (SQS allows 20 s at most); a
 *                            stopping worker may wait this long for its last poll to return
 * @param parentPid           when set, the worker stops (gracefully) once that process is gone: the local
 *                            fleet's workers must not outlive their autoscaler
 * @param recognizer          {@code engine} (MTCNN + dlib ResNet) or {@code placeholder}
 * @param id                  this worker's name in replies and logs
 */
@ConfigurationProperties("elasticface.worker")
public record WorkerProperties(int concurrency, Duration drainTimeout, Duration maxProcessing,
                               Duration pollTimeout, long parentPid, String recognizer, String id) {

    public WorkerProperties {
        concurrency = concurrency <= 0 ? Runtime.getRuntime().availableProcessors() : concurrency;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(60) : drainTimeout;
        maxProcessing = maxProcessing == null ? Duration.ofMinutes(10) : maxProcessing;
        pollTimeout = pollTimeout == null ? Duration.ofSeconds(20) : pollTimeout;
        recognizer = recognizer == null || recognizer.isBlank() ? "engine" : recognizer;
        id = id == null || id.isBlank() ? ProcessHandle.current().pid() + "@" + hostName() : id;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
