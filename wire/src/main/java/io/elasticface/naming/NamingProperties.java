package io.elasticface.naming;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where resource names come from. Each name may be set explicitly; otherwise it derives from the
 * scheme: {@code default} prefixes names with {@code prefix}, {@code cse546} derives the course's names
 * from the student's {@code id} (see {@link ResourceNames#derive}).
 */
@ConfigurationProperties("elasticface.names")
public record NamingProperties(String scheme, String prefix, String id, String inBucket, String outBucket,
                               String requestQueue, String responseQueue, String deadLetterQueue,
                               String domain, String galleryBucket, String galleryKey) {
}
