package io.elasticface.collections;

import java.util.regex.Pattern;

/** What a collection or subject may be called: it becomes part of object keys and URLs, so nothing else. */
public final class Names {

    public static final String DEFAULT_COLLECTION = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** @throws InvalidNameException with a sentence naming what is wrong */
    public static String require(String kind, String name) {
        if (!isValid(name)) {
            throw new InvalidNameException("a " + kind + " name is 1 to 64 letters, digits, '_', '.' or '-' "
                    + "(not '.' or '..'); got '" + shown(name) + "'");
        }
        return name;
    }

    private static String shown(String name) {
        if (name == null) {
            return "";
        }
        String printable = name.codePoints().limit(70)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return name.length() > 70 ? printable + "…" : printable;
    }

    public static final class InvalidNameException extends IllegalArgumentException {
        public InvalidNameException(String message) {
            super(message);
        }
    }
}
