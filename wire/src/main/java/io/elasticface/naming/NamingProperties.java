package io.elasticface.naming;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where resource names come from. Each name may be set explicitly; otherwise it derives from the
 * scheme: {@code default} prefixes names with {@code prefix}, {@code cse546} derives the course's names
 * from the student's {@code id} (see {@link ResourceNames#derive}).
 */
@Validated
@ConfigurationProperties("elasticface.names")
public record NamingProperties(
        @DefaultValue(ResourceNames.DEFAULT_SCHEME)
        @Pattern(regexp = "(?i)default|cse546", message = "must be 'default' or 'cse546'") String scheme,
        @DefaultValue(ResourceNames.DEFAULT_PREFIX) String prefix,
        String id, String inBucket, String outBucket, String requestQueue, String responseQueue,
        String deadLetterQueue, String domain, String galleryBucket, String galleryKey) {
}
