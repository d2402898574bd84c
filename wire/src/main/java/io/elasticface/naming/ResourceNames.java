package io.elasticface.naming;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every bucket, queue and SimpleDB domain name the system uses, derived in this one place.
 *
 * @param inBucket         uploaded images
 * @param outBucket        results in the course's layout (key = file name without extension, body = name)
 * @param requestQueue     requests from web tiers to workers (1 KB maximum message size)
 * @param responseQueue    this web tier's replies
 * @param deadLetterQueue  requests that kept failing
 * @param domain           the SimpleDB domain holding one item per request
 * @param galleryBucket    the face gallery, apart from the in/out buckets whose object counts the
 *                         course's grader checks
 * @param galleryKey       key of the face gallery in the gallery bucket
 */
public record ResourceNames(String inBucket, String outBucket, String requestQueue, String responseQueue,
                            String deadLetterQueue, String domain, String galleryBucket,
                            String galleryKey) {

    public static final String DEFAULT_SCHEME = "default";
    public static final String DEFAULT_PREFIX = "elasticface";
    private static final Pattern COURSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,40}");

    /** The names for the built-in defaults: prefix {@value #DEFAULT_PREFIX}. */
    public static ResourceNames defaults() {
        return derive(new NamingProperties(null, null, null, null, null, null, null, null, null, null, null));
    }

    /** Derives every name not set explicitly, following the configured scheme. */
    public static ResourceNames derive(NamingProperties p) {
        String scheme = p.scheme() == null || p.scheme().isBlank() ? DEFAULT_SCHEME : p.scheme().toLowerCase(Locale.ROOT);
        String base = switch (scheme) {
            case "default" -> p.prefix() == null || p.prefix().isBlank() ? DEFAULT_PREFIX : p.prefix();
            case "cse546" -> courseId(p.id());
            default -> throw new IllegalArgumentException(
                    "elasticface.names.scheme must be 'default' or 'cse546', not '" + p.scheme() + "'");
        };
        String requestQueue = or(p.requestQueue(), base + "-req-queue");
        return new ResourceNames(
                or(p.inBucket(), base + "-in-bucket").toLowerCase(Locale.ROOT),
                or(p.outBucket(), base + "-out-bucket").toLowerCase(Locale.ROOT),
                requestQueue,
                or(p.responseQueue(), base + "-resp-queue"),
                or(p.deadLetterQueue(), requestQueue + "-dlq"),
                or(p.domain(), base + "-simpleDB"),
                or(p.galleryBucket(), base + "-gallery-bucket").toLowerCase(Locale.ROOT),
                or(p.galleryKey(), "gallery/current.gallery"));
    }

    private static String courseId(String id) {
        if (id == null || !COURSE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "the cse546 scheme needs elasticface.names.id (env ELASTICFACE_NAMES_ID): the student's ASU id,"
                            + " letters, digits and dashes; got '" + id + "'");
        }
        return id;
    }

    private static String or(String explicit, String derived) {
        return explicit == null || explicit.isBlank() ? derived : explicit;
    }
}
