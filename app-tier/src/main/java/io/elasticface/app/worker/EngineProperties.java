package io.elasticface.app.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The face engine's settings in a worker.
 *
 * @param threshold       same-person L2 distance (dlib: 0.6); decides {@code match}, never the name
 * @param maxPixels       images over this many pixels are refused before decoding
 * @param galleryRefresh  how often the worker checks S3 for a new gallery
 */
@ConfigurationProperties("elasticface.engine")
public record EngineProperties(double threshold, long maxPixels, Duration galleryRefresh) {

    public EngineProperties {
        threshold = threshold <= 0 ? 0.6 : threshold;
        maxPixels = maxPixels <= 0 ? 50_000_000L : maxPixels;
        galleryRefresh = galleryRefresh == null ? Duration.ofSeconds(30) : galleryRefresh;
    }
}
