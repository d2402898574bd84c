package io.elasticface.app.worker;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The face engine's settings in a worker, prefix {@code elasticface.engine}.
 *
 * @param threshold       same-person L2 distance (dlib: 0.6); decides {@code match}, never the name
 * @param maxPixels       images over this many pixels are refused before decoding
 * @param galleryRefresh  how often the worker checks S3 for a new gallery
 */
@Validated
@ConfigurationProperties("elasticface.engine")
public record EngineProperties(
        @DefaultValue("0.6") @Positive double threshold,
        @DefaultValue("50000000") @Positive long maxPixels,
        @DefaultValue("30s") @DurationMin(seconds = 1) Duration galleryRefresh) {
}
