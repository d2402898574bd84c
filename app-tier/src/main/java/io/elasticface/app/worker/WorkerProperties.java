package io.elasticface.app.worker;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The worker's settings, prefix {@code elasticface.worker}; each default is written here and nowhere else.
 *
 * @param concurrency         requests processed at once; 0 (the default) means one per core (1 in the
 *                            course profile)
 * @param drainTimeout        on shutdown, how long to finish the requests in hand before exiting
 * @param maxProcessing       after this long a request in hand is no longer kept hidden: a hung request
 *                            goes back to the queue for another worker (and, in the end, to the DLQ)
 * @param pollTimeout         how long one receive waits for a message (SQS allows 20 s at most); a
 *                            stopping worker may wait this long for its last poll to return
 * @param parentPid           when set, the worker stops (gracefully) once that process is gone: the local
 *                            fleet's workers must not outlive their autoscaler
 * @param recognizer          {@code engine} (MTCNN + dlib ResNet) or {@code placeholder}
 * @param id                  this worker's name in replies and logs; empty means {@code <pid>@<host>}
 */
@Validated
@ConfigurationProperties("elasticface.worker")
public record WorkerProperties(
        @DefaultValue("0") @PositiveOrZero int concurrency,
        @DefaultValue("60s") @DurationMin(millis = 1) Duration drainTimeout,
        @DefaultValue("10m") @DurationMin(seconds = 1) Duration maxProcessing,
        @DefaultValue("20s") @DurationMin(seconds = 1) @DurationMax(seconds = 20) Duration pollTimeout,
        @DefaultValue("0") long parentPid,
        @DefaultValue("engine") @Pattern(regexp = "engine|placeholder", message = "must be 'engine' or 'placeholder'")
        String recognizer,
        String id) {

    /** Requests processed at once: the setting, or one per core. */
    public int effectiveConcurrency() {
        return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
    }
}
