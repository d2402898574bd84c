package io.elasticface.naming;

import java.util.Locale;

/** What the system derives from an uploaded file's name, which comes from users and is never trusted. */
public final class FileNames {

    private static final int MAX_LENGTH = 100;

    private FileNames() {
    }

    /**
     * A safe version of an uploaded name: the last path segment, letters, digits, dot, dash and underscore
     * only (others become '_'), at most 100 characters; "upload" when nothing is left.
     */
    public static String sanitize(String original) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < name.length() && safe.length() < MAX_LENGTH; i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
            safe.append(ok ? c : '_');
        }
        String result = safe.toString().replaceAll("^\\.+", "");
        return result.isEmpty() ? "upload" : result;
    }

    /** The name without its extension, as the course's reply and output key use it: {@code test_000}. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The lower-case extension without the dot, or empty. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
