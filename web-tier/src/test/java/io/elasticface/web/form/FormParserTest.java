package io.elasticface.web.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.elasticface.web.upload.RejectedUploadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The form parser on well-formed forms of every shape, on each refusal, and on hostile bytes. */
class FormParserTest {

    private static final String B = "xYz";
    private final FormParser parser = new FormParser(FormParser.MAX_PARTS, FormParser.MAX_HEADER_BYTES);

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            multipart/form-data; boundary=abc                    | abc
            multipart/form-data; charset=utf-8; BOUNDARY=abc     | abc
            multipart/form-data; boundary="a b:c?"               | a b:c?
            multipart/form-data;boundary = "q\\"uoted" ; x=y     | q"uoted
            """)
    void theBoundaryComesFromTheContentType(String contentType, String boundary) {
        assertThat(FormParser.boundary(contentType)).isEqualTo(boundary);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            multipart/form-data                              | the Content-Type names no multipart boundary
            multipart/form-data; boundary=                   | the Content-Type names no multipart boundary
            multipart/form-data; boundary=""                 | the Content-Type names no multipart boundary
            multipart/form-data; boundary="abc               | the Content-Type has an unterminated quoted string
            multipart/form-data; boundary="ab "              | the multipart boundary must be 1 to 70 printable
            multipart/form-data; boundary="ä"                | the multipart boundary must be 1 to 70 printable
            """)
    void aBadBoundaryIsRefusedSayingWhy(String contentType, String sentence) {
        assertThat(refusal(() -> FormParser.boundary(contentType))).startsWith(sentence);
        assertThat(refusal(() -> FormParser.boundary("multipart/form-data; boundary=" + "b".repeat(71))))
                .startsWith("the multipart boundary must be 1 to 70");
    }

    static Stream<Arguments> forms() {
        String file = "Content-Disposition: form-data; name=\"inputFile\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg";
        return Stream.of(
                form("one file", "--xYz\r\n" + file + "\r\n\r\nJPEG\r\n--xYz--\r\n",
                        "inputFile|a.jpg|image/jpeg|JPEG"),
                form("a preamble and an epilogue", "this is a preamble\r\n--xYz\r\n" + file
                        + "\r\n\r\nJPEG\r\n--xYz--\r\nthis is an epilogue --xYz\r\n", "inputFile|a.jpg|image/jpeg|JPEG"),
                form("no line break after the closing boundary", "--xYz\r\n" + file + "\r\n\r\nJPEG\r\n--xYz--",
                        "inputFile|a.jpg|image/jpeg|JPEG"),
                form("padding after a boundary", "--xYz \t\r\n" + file + "\r\n\r\nJPEG\r\n--xYz--",
                        "inputFile|a.jpg|image/jpeg|JPEG"),
                form("header names and parameters in any case", "--xYz\r\nCONTENT-disposition: Form-Data; NAME=x; "
                        + "FileName=\"y.png\"\r\ncontent-TYPE: image/png\r\n\r\nPNG\r\n--xYz--", "x|y.png|image/png|PNG"),
                form("a plain field and a file", "--xYz\r\nContent-Disposition: form-data; name=note\r\n\r\nhello"
                        + "\r\n--xYz\r\n" + file + "\r\n\r\nJPEG\r\n--xYz--", "note|-|-|hello", "inputFile|a.jpg|image/jpeg|JPEG"),
                form("empty content and an empty file name", "--xYz\r\nContent-Disposition: form-data; name=a; "
                        + "filename=\"\"\r\n\r\n\r\n--xYz--", "a||-|"),
                form("content holding the boundary without a line break", "--xYz\r\nContent-Disposition: form-data; "
                        + "name=a\r\n\r\n--xYz\r\n-xYz\n--xYz\r--xYz\r\n--xYz--", "a|-|-|--xYz\r\n-xYz\n--xYz\r--xYz"),
                form("a trailing space in a quoted name is kept", "--xYz\r\nContent-Disposition: form-data; "
                        + "name=\"inputFile \"; filename=a.jpg\r\n\r\nJ\r\n--xYz--", "inputFile |a.jpg|-|J"),
                form("backslash escapes, and Windows paths kept", "--xYz\r\nContent-Disposition: form-data; "
                        + "name=\"a\\\"b\\\\c\"; filename=\"C:\\photos\\a.jpg\"\r\n\r\nJ\r\n--xYz--",
                        "a\"b\\c|C:\\photos\\a.jpg|-|J"),
                form("the percent-encoding browsers use", "--xYz\r\nContent-Disposition: form-data; "
                        + "name=\"in%22put%0d%0Ax\"; filename=\"100%25%41.jpg\"\r\n\r\nJ\r\n--xYz--",
                        "in\"put\r\nx|100%25%41.jpg|-|J"),
                form("filename* wins, in UTF-8", "--xYz\r\nContent-Disposition: form-data; name=f; "
                        + "filename=\"fallback.jpg\"; filename*=UTF-8''na%C3%AFve%20photo.jpg\r\n\r\nJ\r\n--xYz--",
                        "f|naïve photo.jpg|-|J"),
                form("a filename* that cannot be read is ignored", "--xYz\r\nContent-Disposition: form-data; name=f; "
                        + "filename*=KOI8-R''x.jpg; filename=plain.jpg\r\n\r\nJ\r\n--xYz--", "f|plain.jpg|-|J"),
                form("a folded header line", "--xYz\r\nContent-Disposition: form-data;\r\n name=f;\r\n\tfilename=a.jpg"
                        + "\r\n\r\nJ\r\n--xYz--", "f|a.jpg|-|J"),
                form("a NUL in a file name is kept for the validator", "--xYz\r\nContent-Disposition: form-data; "
                        + "name=f; filename=\"a\0b.jpg\"\r\n\r\nJ\r\n--xYz--", "f|a\0b.jpg|-|J"),
                form("parameters without values are ignored", "--xYz\r\nContent-Disposition: form-data; x; name=f;"
                        + "\r\n\r\nJ\r\n--xYz--", "f|-|-|J"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void parses(String what, String body, List<String> expected) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<FormPart> parts = parser.parse(Arrays.copyOf(bytes, bytes.length + 7), bytes.length, B);
        assertThat(parts.stream().map(p -> p.name() + "|" + (p.fileName() == null ? "-" : p.fileName()) + "|"
                + (p.contentType() == null ? "-" : p.contentType()) + "|" + p.text()).toList())
                .as(what).isEqualTo(expected);
    }

    @Test
    void sixteenPartsAreAFormSeventeenAreNot() {
        assertThat(parser.parse(parts(16), parts(16).length, B)).hasSize(16);
        assertThat(refusal(() -> parser.parse(parts(17), parts(17).length, B)))
                .isEqualTo("the form has more than 16 parts");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `no boundary at all`                                                    | the body has no form boundary: send the photo as multipart form data, e.g. curl -F inputFile=@photo.jpg
            `--xYz\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nJ`        | the form ends before its closing boundary
            `--xYz\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nJ\\r\\n--xYz` | the form ends before its closing boundary
            `--xYz\\r\\nContent-Disposition: form-da`                                 | the form ends before its closing boundary
            `--xYz`                                                                 | the form ends before its closing boundary
            `--xYzz\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nJ\\r\\n--xYz--` | a form boundary is followed by something other than a line break
            `--xYz\\r\\nContent-Type: text/plain\\r\\n\\r\\nJ\\r\\n--xYz--`          | a form part has no Content-Disposition header
            `--xYz\\r\\n\\r\\nJ\\r\\n--xYz--`                                         | a form part has no Content-Disposition header
            `--xYz\\r\\nContent-Disposition: attachment; name=a\\r\\n\\r\\nJ\\r\\n--xYz--` | a form part's Content-Disposition is not form-data
            `--xYz\\r\\nContent-Disposition: form-data; filename=a\\r\\n\\r\\nJ\\r\\n--xYz--` | a form part has no field name
            `--xYz\\r\\nContent-Disposition: form-data; name="a\\r\\n\\r\\nJ\\r\\n--xYz--` | a form part's Content-Disposition has an unterminated quoted string
            `--xYz\\r\\nContent-Disposition: form-data; name="a"b\\r\\n\\r\\nJ\\r\\n--xYz--` | a form part's Content-Disposition has text after a quoted string
            `--xYz\\r\\nContent-Disposition form-data\\r\\n\\r\\nJ\\r\\n--xYz--`     | a form part has a header line without a name and a colon
            """)
    void refusesSayingWhy(String body, String sentence) {
        byte[] bytes = body.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(refusal(() -> parser.parse(bytes, bytes.length, B))).isEqualTo(sentence);
    }

    @Test
    void headersLongerThan8KiBAreRefusedSayingSoWhereverTheBodyEnds() {
        String part = "--xYz\r\nContent-Disposition: form-data; name=a\r\nX-Pad: " + "p".repeat(8200);
        for (String rest : List.of("", "\r\n\r\nJ\r\n--xYz--")) {
            byte[] bytes = (part + rest).getBytes(StandardCharsets.UTF_8);
            assertThat(refusal(() -> parser.parse(bytes, bytes.length, B)))
                    .isEqualTo("a form part's headers exceed 8192 bytes");
        }
        String headers = "Content-Disposition: form-data; name=a\r\nX-Pad: ";
        for (int size : new int[] {8192, 8193}) {
            byte[] bytes = ("--xYz\r\n" + headers + "p".repeat(size - headers.length()) + "\r\n\r\nJ\r\n--xYz--")
                    .getBytes(StandardCharsets.UTF_8);
            if (size == 8192) {
                assertThat(parser.parse(bytes, bytes.length, B)).hasSize(1);
            } else {
                assertThat(refusal(() -> parser.parse(bytes, bytes.length, B)))
                        .isEqualTo("a form part's headers exceed 8192 bytes");
            }
        }
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] bytes = "--xYz\r\nContent-Disposition: form-data; name=a\r\n\r\nJ\r\n--xYz--".getBytes(
                StandardCharsets.UTF_8);
        assertThat(refusal(() -> parser.parse(bytes, bytes.length - 8, B)))
                .isEqualTo("the form ends before its closing boundary");
    }

    /** Near-boundaries repeated through megabytes take linear time, not boundary length times body length. */
    @Test
    void hostileRepetitionTakesLinearTime() {
        String boundary = "a".repeat(69) + "b";
        byte[] body = ("\r\n--" + "a".repeat(69)).repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(refusal(() ->
                parser.parse(body, body.length, boundary))).startsWith("the body has no form boundary"));
    }

    /**
     * Seeded mutations of well-formed forms: bytes flipped, tokens that matter to the grammar inserted, cut
     * short. Each one parses, or is refused with a 400 and one line; parts always lie inside the body.
     */
    @Test
    void hostileBytesAreParsedOrRefusedWithOneLineNeverAnythingElse() {
        Random random = new Random(7578);
        String[] tokens = {"\r\n", "\r\n\r\n", "--", "--xYz", "\r\n--xYz", "\r\n--xYz--", "\"", "\\", ";", "=", "%",
                "%22", "%0", "'", "filename*=UTF-8''%", "name=", "filename=\"", "Content-Disposition:", "\0", " ", "\t",
                "\u00ff", "\ud83d\ude00", ":"};
        List<byte[]> seeds = forms().map(a -> ((String) a.get()[1]).getBytes(StandardCharsets.UTF_8)).toList();
        int parsed = 0;
        for (int round = 0; round < 30_000; round++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())), tokens, random);
            try {
                for (FormPart part : parser.parse(body, body.length, B)) {
                    assertThat(part.offset()).isBetween(0, body.length);
                    assertThat(part.offset() + part.length()).isBetween(part.offset(), body.length);
                    assertThat(part.name()).isNotNull();
                    part.text();
                }
                parsed++;
            } catch (RejectedUploadException e) {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
            }
        }
        assertThat(parsed).as("some mutations are still forms").isGreaterThan(1_000);
    }

    private static byte[] mutate(byte[] seed, String[] tokens, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(seed);
        byte[] body = out.toByteArray();
        for (int edits = random.nextInt(4); edits > 0; edits--) {
            int at = body.length == 0 ? 0 : random.nextInt(body.length);
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (body.length > 0) {
                        body[at] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> {
                    byte[] token = tokens[random.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8);
                    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
                    spliced.write(body, 0, at);
                    spliced.writeBytes(token);
                    spliced.write(body, at, body.length - at);
                    body = spliced.toByteArray();
                }
                case 2 -> body = Arrays.copyOf(body, at);
                default -> {
                    int length = Math.min(body.length - at, random.nextInt(16));
                    ByteArrayOutputStream cut = new ByteArrayOutputStream();
                    cut.write(body, 0, at);
                    cut.write(body, at + length, body.length - at - length);
                    body = cut.toByteArray();
                }
            }
        }
        return body;
    }

    private static Arguments form(String what, String body, String... parts) {
        return Arguments.of(what, body, List.of(parts));
    }

    private static byte[] parts(int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("--xYz\r\nContent-Disposition: form-data; name=f").append(i).append("\r\n\r\nx\r\n");
        }
        return body.append("--xYz--").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(Runnable parse) {
        Throwable thrown = catchThrowable(parse::run);
        assertThat(thrown).isInstanceOf(RejectedUploadException.class);
        assertThat(((RejectedUploadException) thrown).status()).isEqualTo(400);
        return thrown.getMessage();
    }
}
