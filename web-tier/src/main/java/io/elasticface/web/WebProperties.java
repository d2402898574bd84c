package io.elasticface.web;

import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The web tier's settings, prefix {@code elasticface.web}; each default is written here and nowhere else.
 *
 * @param replyTimeout      how long a request waits for its reply before 504 (the result stays fetchable)
 * @param maxUpload         largest accepted upload; larger ones get 413 (a request body may carry
 *                          {@link #FORM_ALLOWANCE_BYTES} more, for the form around it)
 * @param maxPixels         pixel budget, read from the image header; larger images get 422
 * @param replyPollTimeout  how long one receive on the response queue waits (SQS allows 20 s at most)
 * @param uploadTimeout     how long a request body may take to arrive, from its headers to its last byte; a
 *                          slower one gets 408 (it holds no thread meanwhile, only its connection and bytes)
 * @param requestThreadTrim how often request threads beyond the busiest moment of the last interval are let
 *                          go, so that the pool shrinks after a burst (0 never; Java 21+'s virtual threads need none)
 * @param apiKeys           when set, every endpoint but the course's {@code POST /} and health needs one of these
 *                          in {@code X-Api-Key}; empty (the default, and the {@code cse546} profile) asks none
 * @param autoscalerUrl     the autoscaler's Actuator (e.g. {@code http://127.0.0.1:8090}), where the console's Live
 *                          page reads the queue and the instances as the autoscaler sees them; unset: not shown
 */
@Validated
@ConfigurationProperties("elasticface.web")
public record WebProperties(
        @DefaultValue("120s") @DurationMin(millis = 1) Duration replyTimeout,
        @DefaultValue("10MB") DataSize maxUpload,
        @DefaultValue("50000000") @Positive long maxPixels,
        @DefaultValue("20s") @DurationMin(seconds = 1) @DurationMax(seconds = 20) Duration replyPollTimeout,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration uploadTimeout,
        @DefaultValue("60s") @DurationMin(millis = 0) Duration requestThreadTrim,
        @DefaultValue List<String> apiKeys,
        URI autoscalerUrl) {

    /** Room in a request body beyond the upload itself: the form's boundaries, part headers and small fields. */
    public static final int FORM_ALLOWANCE_BYTES = 256 * 1024;
    /** Uploads are held in memory, as one array. */
    private static final DataSize LARGEST_MAX_UPLOAD = DataSize.ofGigabytes(1);

    public WebProperties {
        if (maxUpload != null && maxUpload.toBytes() <= 0) {
            throw new IllegalArgumentException("elasticface.web.max-upload must be more than 0 bytes");
        }
        if (maxUpload != null && maxUpload.compareTo(LARGEST_MAX_UPLOAD) > 0) {
            throw new IllegalArgumentException("elasticface.web.max-upload must be at most 1GB: uploads are held "
                    + "in memory");
        }
    }

    /** The largest request body read: the largest upload and its form's framing. */
    public int maxBodyBytes() {
        return Math.toIntExact(maxUpload.toBytes() + FORM_ALLOWANCE_BYTES);
    }
}
