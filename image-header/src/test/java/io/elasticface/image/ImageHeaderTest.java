package io.elasticface.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageHeaderTest {

    private static byte[] encode(String format, int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"jpg,JPEG,640,480", "png,PNG,33,17", "bmp,BMP,10,7"})
    void readsFormatAndSizeFromTheHeader(String writer, ImageFormat format, int w, int h) throws Exception {
        assertThat(ImageHeader.read(encode(writer, w, h))).contains(new ImageHeader(format, w, h));
    }

    @Test
    void readsWebpSizeFromEachChunkKind() {
        byte[] lossy = webp("VP8 ", 30);
        lossy[26] = (byte) 0x80; // width 640, little endian, 14 bits
        lossy[27] = 0x02;
        lossy[28] = (byte) 0xE0; // height 480
        lossy[29] = 0x01;
        assertThat(ImageHeader.read(lossy)).contains(new ImageHeader(ImageFormat.WEBP, 640, 480));

        byte[] extended = webp("VP8X", 30);
        extended[24] = (byte) 199; // canvas width - 1, 24 bits
        extended[27] = 99;
        assertThat(ImageHeader.read(extended)).contains(new ImageHeader(ImageFormat.WEBP, 200, 100));
    }

    @Test
    void aTruncatedHeaderHasNoSize() throws Exception {
        byte[] jpeg = encode("jpg", 64, 64);
        assertThat(ImageHeader.read(Arrays.copyOf(jpeg, 20))).contains(new ImageHeader(ImageFormat.JPEG, 0, 0));
    }

    @Test
    void textIsNoImageWhateverItsName() {
        assertThat(ImageHeader.read("GIF89a or just text".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageHeader.read(new byte[0])).isEmpty();
    }

    private static byte[] webp(String chunk, int length) {
        byte[] b = new byte[length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
        System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, b, 12, 4);
        return b;
    }
}
