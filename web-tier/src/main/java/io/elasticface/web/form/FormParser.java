package io.elasticface.web.form;

import io.elasticface.web.upload.RejectedUploadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * multipart/form-data (RFC 7578) from a body in memory. Each refusal is a {@link RejectedUploadException}
 * (400) with one sentence that says what was wrong; nothing else escapes, whatever the bytes. Work is linear in
 * the body: the delimiter is found with Knuth-Morris-Pratt, and a part's headers are searched at most
 * {@code maxHeaderBytes} far.
 *
 * <p>Field and file names are taken exactly as sent (no trimming: {@code "inputFile "} is not
 * {@code inputFile}), with the percent-encoding browsers use for {@code "}, CR and LF ({@code %22},
 * {@code %0D}, {@code %0A}) undone; a {@code filename*} (RFC 5987, UTF-8 or ISO-8859-1) wins over
 * {@code filename}. Header names are case-insensitive; a header line that starts with a space or tab continues
 * the one before.
 */
public final class FormParser {

    /** Parts in one form: the service takes one file; a browser form adds a few fields at most. */
    public static final int MAX_PARTS = 16;
    /** One part's header block. */
    public static final int MAX_HEADER_BYTES = 8192;
    private static final int MAX_BOUNDARY = 70; // RFC 2046
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private final int maxParts;
    private final int maxHeaderBytes;

    public FormParser(int maxParts, int maxHeaderBytes) {
        this.maxParts = maxParts;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * The boundary a request's Content-Type names, e.g. {@code multipart/form-data; boundary="x y"}.
     *
     * @throws RejectedUploadException 400 when there is none, or it is not 1 to 70 printable ASCII characters
     */
    public static String boundary(String contentType) {
        String boundary = contentType == null ? null
                : HeaderValue.parse(contentType, "the Content-Type").parameters().get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new RejectedUploadException(400, "the Content-Type names no multipart boundary");
        }
        if (boundary.length() > MAX_BOUNDARY || boundary.endsWith(" ")
                || !boundary.chars().allMatch(c -> c >= ' ' && c < 127)) {
            throw new RejectedUploadException(400, "the multipart boundary must be 1 to 70 printable ASCII "
                    + "characters, not ending in a space");
        }
        return boundary;
    }

    /** The parts of {@code body[0, length)}, in order. */
    public List<FormPart> parse(byte[] body, int length, String boundary) {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        Search search = new Search(delimiter);
        int pos;
        if (startsWith(body, length, 0, delimiter, 2)) {
            pos = delimiter.length - 2; // the first boundary may open the body, without a line break before it
        } else {
            int at = search.in(body, 0, length);
            if (at < 0) {
                throw new RejectedUploadException(400, "the body has no form boundary: send the photo as "
                        + "multipart form data, e.g. curl -F inputFile=@photo.jpg");
            }
            pos = at + delimiter.length;
        }
        List<FormPart> parts = new ArrayList<>();
        while (true) {
            if (pos + 2 <= length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts; // the closing boundary; what follows is an epilogue, ignored
            }
            while (pos < length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++; // transport padding
            }
            if (pos + 2 > length) {
                throw endsEarly();
            }
            if (body[pos] != '\r' || body[pos + 1] != '\n') {
                throw new RejectedUploadException(400, "a form boundary is followed by something other than a "
                        + "line break");
            }
            pos += 2;
            if (parts.size() == maxParts) {
                throw new RejectedUploadException(400, "the form has more than " + maxParts + " parts");
            }
            int headersEnd;
            int contentStart;
            if (startsWith(body, length, pos, CRLF_CRLF, 2)) {
                headersEnd = pos; // no headers at all
                contentStart = pos + 2;
            } else {
                int searchEnd = (int) Math.min(length, (long) pos + maxHeaderBytes + CRLF_CRLF.length);
                headersEnd = indexOf(body, pos, searchEnd, CRLF_CRLF);
                if (headersEnd < 0) {
                    throw searchEnd < length || length - pos >= maxHeaderBytes + CRLF_CRLF.length
                            ? new RejectedUploadException(400, "a form part's headers exceed " + maxHeaderBytes
                            + " bytes")
                            : endsEarly();
                }
                contentStart = headersEnd + CRLF_CRLF.length;
            }
            int contentEnd = search.in(body, contentStart, length);
            if (contentEnd < 0) {
                throw endsEarly();
            }
            parts.add(part(new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8), body, contentStart,
                    contentEnd - contentStart));
            pos = contentEnd + delimiter.length;
        }
    }

    private static RejectedUploadException endsEarly() {
        return new RejectedUploadException(400, "the form ends before its closing boundary");
    }

    private static FormPart part(String headerBlock, byte[] body, int offset, int length) {
        Map<String, String> headers = headers(headerBlock);
        String disposition = headers.get("content-disposition");
        if (disposition == null) {
            throw new RejectedUploadException(400, "a form part has no Content-Disposition header");
        }
        HeaderValue parsed = HeaderValue.parse(disposition, "a form part's Content-Disposition");
        if (!parsed.value().equalsIgnoreCase("form-data")) {
            throw new RejectedUploadException(400, "a form part's Content-Disposition is not form-data");
        }
        String name = parsed.parameters().get("name");
        if (name == null) {
            throw new RejectedUploadException(400, "a form part has no field name");
        }
        String fileName = extended(parsed.parameters().get("filename*"));
        if (fileName == null) {
            fileName = parsed.parameters().get("filename");
        }
        return new FormPart(unescape(name), fileName == null ? null : unescape(fileName),
                headers.get("content-type"), body, offset, length);
    }

    /** Header name (lower case) → value; the first of a repeated header wins. */
    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new HashMap<>();
        if (block.isEmpty()) {
            return headers;
        }
        String lastName = null;
        StringBuilder lastValue = new StringBuilder();
        for (String line : block.split("\r\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                lastValue.append(' ').append(line.strip()); // an obsolete folded line
                continue;
            }
            if (lastName != null) {
                headers.putIfAbsent(lastName, lastValue.toString());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new RejectedUploadException(400, "a form part has a header line without a name and a colon");
            }
            lastName = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            lastValue.setLength(0);
            lastValue.append(line.substring(colon + 1).strip());
        }
        if (lastName != null) {
            headers.putIfAbsent(lastName, lastValue.toString());
        }
        return headers;
    }

    /** Browsers percent-encode only {@code "}, CR and LF in names (HTML's form encoding); the rest is literal. */
    private static String unescape(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                String code = name.substring(i + 1, i + 3).toUpperCase(Locale.ROOT);
                char decoded = switch (code) {
                    case "22" -> '"';
                    case "0D" -> '\r';
                    case "0A" -> '\n';
                    default -> 0;
                };
                if (decoded != 0) {
                    out.append(decoded);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** An RFC 5987 value, {@code UTF-8''na%C3%AFve.jpg}; null when absent or not decodable. */
    private static String extended(String value) {
        if (value == null) {
            return null;
        }
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        Charset charset = switch (value.substring(0, first).toUpperCase(Locale.ROOT)) {
            case "UTF-8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1" -> StandardCharsets.ISO_8859_1;
            default -> null;
        };
        if (charset == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = second + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 1 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > ' ' && c < 127) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        return bytes.toString(charset);
    }

    private static boolean startsWith(byte[] body, int length, int at, byte[] pattern, int skip) {
        if (at + pattern.length - skip > length) {
            return false;
        }
        for (int i = skip; i < pattern.length; i++) {
            if (body[at + i - skip] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, int from, int to, byte[] pattern) {
        for (int i = from; i + pattern.length <= to; i++) {
            if (startsWith(body, to, i, pattern, 0)) {
                return i;
            }
        }
        return -1;
    }

    /** Knuth-Morris-Pratt: finds the delimiter in linear time, however the body repeats its prefixes. */
    private static final class Search {

        private final byte[] pattern;
        private final int[] fallback;

        Search(byte[] pattern) {
            this.pattern = pattern;
            this.fallback = new int[pattern.length];
            for (int i = 1, k = 0; i < pattern.length; i++) {
                while (k > 0 && pattern[i] != pattern[k]) {
                    k = fallback[k - 1];
                }
                if (pattern[i] == pattern[k]) {
                    k++;
                }
                fallback[i] = k;
            }
        }

        /** The first index in [from, to) where the pattern starts and ends before {@code to}, or -1. */
        int in(byte[] data, int from, int to) {
            int matched = 0;
            for (int i = Math.max(from, 0); i < to; i++) {
                while (matched > 0 && data[i] != pattern[matched]) {
                    matched = fallback[matched - 1];
                }
                if (data[i] == pattern[matched]) {
                    matched++;
                }
                if (matched == pattern.length) {
                    return i - pattern.length + 1;
                }
            }
            return -1;
        }
    }
}
