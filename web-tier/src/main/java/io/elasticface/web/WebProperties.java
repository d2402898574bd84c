package io.elasticface.web;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
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
 * @param maxUpload         largest accepted upload; larger ones get 413 (also Tomcat's multipart limit)
 * @param maxPixels         pixel budget, read from the image header; larger images get 422
 * @param replyPollTimeout  how long one receive on the response queue waits (SQS allows 20 s at most)
 */
@Validated
@ConfigurationProperties("elasticface.web")
public record WebProperties(
        @DefaultValue("120s") @DurationMin(millis = 1) Duration replyTimeout,
        @DefaultValue("10MB") DataSize maxUpload,
        @DefaultValue("50000000") @Positive long maxPixels,
        @DefaultValue("20s") @DurationMin(seconds = 1) @DurationMax(seconds = 20) Duration replyPollTimeout) {

    public WebProperties {
        if (maxUpload != null && maxUpload.toBytes() <= 0) {
            throw new IllegalArgumentException("elasticface.web.max-upload must be more than 0 bytes");
        }
    }
}
