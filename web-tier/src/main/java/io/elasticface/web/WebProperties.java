package io.elasticface.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The web tier's settings.
 *
 * @param replyTimeout  how long a request waits for its reply before 504 (the result stays fetchable)
 * @param maxUpload     largest accepted upload; larger ones get 413
 * @param maxPixels     pixel budget, read from the image header; larger images get 422
 * @param replyPollTimeout  how long one receive on the response queue waits (SQS allows 20 s at most)
 */
@ConfigurationProperties("elasticface.web")
public record WebProperties(Duration replyTimeout, DataSize maxUpload, long maxPixels,
                            Duration replyPollTimeout) {

    public WebProperties {
        replyTimeout = replyTimeout == null ? Duration.ofMinutes(2) : replyTimeout;
        maxUpload = maxUpload == null ? DataSize.ofMegabytes(10) : maxUpload;
        maxPixels = maxPixels <= 0 ? 50_000_000L : maxPixels;
        replyPollTimeout = replyPollTimeout == null ? Duration.ofSeconds(20) : replyPollTimeout;
    }
}
