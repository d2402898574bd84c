package io.elasticface.web.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.elasticface.testing.TestImages;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the validator decides for each kind of upload, from its bytes alone: one row per case. */
class UploadValidatorTest {

    private static final long MAX_BYTES = 4_000;
    private static final long MAX_PIXELS = 10_000;
    private static final int ACCEPTED = 200;

    private final UploadValidator validator = new UploadValidator(MAX_BYTES, MAX_PIXELS);

    static Stream<Arguments> uploads() {
        byte[] png = TestImages.encode(20, 10, "png");
        byte[] jpeg = TestImages.encode(20, 10, "jpg");
        byte[] bmp = TestImages.encode(20, 10, "bmp");
        return Stream.of(
                row("a PNG", png, "a.png", ACCEPTED, "a.png"),
                row("a JPEG named .png", jpeg, "a.png", ACCEPTED, "a.png"),
                row("a BMP", bmp, "b.bmp", ACCEPTED, "b.bmp"),
                row("a path in the name", png, "../../etc/x.png", ACCEPTED, "x.png"),
                row("no name", png, null, ACCEPTED, "upload"),
                row("no field", null, "a.png", 400, "missing form field 'inputFile': send the photo as multipart"),
                row("no field in a form", null, "a.png", List.of("photo", "inputFile "), 400,
                        "missing form field 'inputFile'; the form has 'photo', 'inputFile ': send the photo in field"),
                row("names of many fields, cut and escaped", null, "a.png",
                        List.of("a\r\nb", "x".repeat(50), "c", "d", "e", "f"), 400,
                        "the form has 'a\\u000d\\u000ab', '" + "x".repeat(40) + "…', 'c', 'd', 'e', …: send"),
                row("inputFile as a plain field", null, null, List.of("inputFile"), 400,
                        "form field 'inputFile' is not a file (it has no file name)"),
                row("a file name of 255 characters, shortened as ever", png, "a".repeat(251) + ".png", ACCEPTED,
                        "a".repeat(100)),
                row("a file name of 256 characters", png, "a".repeat(252) + ".png", 400,
                        "the file name is 256 characters long; the limit is 255"),
                row("a NUL in the file name", png, "a\u0000b.png", ACCEPTED, "a_b.png"),
                row("no bytes", new byte[0], "a.png", 400, "'inputFile' is empty"),
                row("too many bytes", Arrays.copyOf(png, (int) MAX_BYTES + 1), "a.png", 413, "the limit is 4000"),
                row("text", "hello, world".getBytes(), "a.jpg", 415, "is not a JPEG, PNG, WebP or BMP image"),
                row("a header cut short", Arrays.copyOf(png, 20), "a.png", 415, "truncated PNG header"),
                row("too many pixels", TestImages.encode(200, 100, "png"), "big.png", 422, "200x100 pixels; the limit is 10000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uploads")
    void decides(String what, byte[] bytes, String name, List<String> formFields, int status, String expected) {
        if (status == ACCEPTED) {
            Upload upload = validator.validate(bytes, name, formFields);
            assertThat(upload.fileName()).isEqualTo(expected);
            assertThat(upload.bytes()).isSameAs(bytes);
        } else {
            RejectedUploadException refused = catchThrowableOfType(RejectedUploadException.class,
                    () -> validator.validate(bytes, name, formFields));
            assertThat(refused).as(what).isNotNull();
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.getMessage()).contains(expected);
        }
    }

    private static Arguments row(String what, byte[] bytes, String name, int status, String expected) {
        return row(what, bytes, name, List.of(), status, expected);
    }

    private static Arguments row(String what, byte[] bytes, String name, List<String> formFields, int status,
                                 String expected) {
        return Arguments.of(what, bytes, name, formFields, status, expected);
    }
}
