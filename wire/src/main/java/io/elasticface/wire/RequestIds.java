package io.elasticface.wire;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Request ids: made by the web tier, carried by every message and result, and written into every log line
 * that concerns the request (the MDC key {@value #LOG_KEY}; structured logs carry it as a field).
 */
public final class RequestIds {

    /** The MDC key; the log pattern and structured formats show it. */
    public static final String LOG_KEY = "requestId";

    /** What a request id may look like wherever one comes from outside (a URL, a stored name). */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private RequestIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }

    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }

    /** Puts the id into the log context of this thread until the returned scope closes. */
    public static MDC.MDCCloseable logScope(String id) {
        return MDC.putCloseable(LOG_KEY, id);
    }
}
