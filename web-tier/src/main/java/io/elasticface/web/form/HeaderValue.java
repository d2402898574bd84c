package io.elasticface.web.form;

import io.elasticface.web.upload.RejectedUploadException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value with parameters, as Content-Type and Content-Disposition have them:
 * {@code form-data; name="inputFile"; filename="a.jpg"}. Parameter names are case-insensitive (kept in lower
 * case); values are tokens or quoted strings; the first of a repeated parameter wins.
 *
 * <p>In a quoted string, {@code \"} and {@code \\} stand for {@code "} and {@code \}; a backslash before any other
 * character is kept, because browsers that send Windows paths ({@code C:\photos\a.jpg}) do not escape them.
 *
 * @param value      the part before the first {@code ;}, trimmed
 * @param parameters lower-case name → value
 */
record HeaderValue(String value, Map<String, String> parameters) {

    /**
     * @param header what the header is called in the sentence that refuses it, e.g. "a form part's
     *               Content-Disposition"
     * @throws RejectedUploadException 400 for an unterminated quoted string
     */
    static HeaderValue parse(String text, String header) {
        int n = text.length();
        int i = text.indexOf(';');
        if (i < 0) {
            i = n;
        }
        String value = text.substring(0, i).strip();
        Map<String, String> parameters = new LinkedHashMap<>();
        while (i < n) {
            i++; // past ';'
            int equals = i;
            while (equals < n && text.charAt(equals) != '=' && text.charAt(equals) != ';') {
                equals++;
            }
            String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
            if (equals == n || text.charAt(equals) == ';') {
                i = equals; // a parameter without a value says nothing
                continue;
            }
            i = skipSpaces(text, equals + 1);
            String parameter;
            if (i < n && text.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                        i++;
                        c = text.charAt(i);
                    }
                    quoted.append(c);
                    i++;
                }
                if (!closed) {
                    throw new RejectedUploadException(400, header + " has an unterminated quoted string");
                }
                parameter = quoted.toString(); // as quoted: spaces inside are part of it
                i = skipSpaces(text, i);
                if (i < n && text.charAt(i) != ';') {
                    throw new RejectedUploadException(400, header + " has text after a quoted string");
                }
            } else {
                int end = i;
                while (end < n && text.charAt(end) != ';') {
                    end++;
                }
                parameter = text.substring(i, end).strip();
                i = end;
            }
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, parameter);
            }
        }
        return new HeaderValue(value, parameters);
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
