package io.elasticface.collections;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A change's version, which is also its object name: the writer's clock in milliseconds (13 digits, so that
 * names sort by time) and an id. Readers never rely on that order: it only keeps listings readable.
 */
public final class Versions {

    private static final Pattern VERSION = Pattern.compile("\\d{13}-[A-Za-z0-9_.-]{1,64}");

    private Versions() {
    }

    public static String of(long millis, String id) {
        return String.format("%013d-%s", millis, id);
    }

    public static String fresh(long millis) {
        return of(millis, UUID.randomUUID().toString());
    }

    public static boolean isWellFormed(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    static long millis(String version) {
        try {
            return Long.parseLong(version.substring(0, 13));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
