package io.elasticface.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.elasticface.web.upload.RejectedUploadException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Refused uploads (the client's fault) and failures (ours) are counted apart. */
class ApiErrorsMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ApiErrors errors = new ApiErrors(meters);

    @Test
    void aServiceFailureIsNotARejectedUpload() {
        errors.unavailable(new UncheckedIOException(new IOException("S3 unreachable")),
                new MockHttpServletRequest("POST", "/recognize"));

        assertThat(meters.find("elasticface.web.uploads.rejected").counters()).isEmpty();
        assertThat(meters.get("elasticface.web.requests.failed").tag("status", "503").counter().count()).isEqualTo(1);
    }

    @Test
    void aRefusedUploadIsCountedAsRejected() {
        errors.rejected(new RejectedUploadException(415, "not an image"), new MockHttpServletRequest("POST", "/"));

        assertThat(meters.get("elasticface.web.uploads.rejected").tag("status", "415").counter().count()).isEqualTo(1);
        assertThat(meters.find("elasticface.web.requests.failed").counters()).isEmpty();
    }
}
