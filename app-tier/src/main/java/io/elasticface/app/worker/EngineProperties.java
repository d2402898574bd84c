package io.elasticface.app.worker;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 * @param galleryRefresh  how old a worker's copy of a collection (the gallery is collection {@code default}) may
 *                        be when a request uses it; a search naming a version it lacks refreshes at once
 * @param enrollMinFace   the smallest face side, in pixels, that enrollment accepts (the course's 64x64 photos hold
 *                        faces of about 24)
 * @param enrollMinScore  the smallest detector confidence that enrollment accepts
 * @param compactAfter    a collection's change log is folded into a snapshot once it has this many changes
 */
@Validated
@ConfigurationProperties("elasticface.engine")
public record EngineProperties(
        @DefaultValue("0.6") @Positive double threshold,
        @DefaultValue("50000000") @Positive long maxPixels,
        @DefaultValue("1s") @DurationMin(millis = 100) Duration galleryRefresh,
        @DefaultValue("20") @Min(12) int enrollMinFace,
        @DefaultValue("0.9") @Positive @DecimalMax("1.0") double enrollMinScore,
        @DefaultValue("100") @Min(1) @Max(100_000) int compactAfter) {
}
