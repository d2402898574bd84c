package io.elasticface.engine.image;

import io.elasticface.engine.UnreadableImageException;
import io.elasticface.image.ImageFormat;
import io.elasticface.image.ImageHeader;
import io.elasticface.image.Orientation;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, WebP and BMP, recognised by their bytes. The pixel budget is checked from the header
 * before any decoder allocates; images larger than needed are decoded at a reduced scale (every n-th
 * pixel), which is what keeps 12-megapixel photos fast. Truncated or corrupt input is an
 * {@link UnreadableImageException}, including the cases where a decoder would only warn and return a
 * partly grey image.
 *
 * <p>A JPEG is turned upright as its EXIF Orientation tag says (phones store portrait photos sideways and
 * set the tag); the detector finds faces only upright. A missing or broken tag leaves the pixels as stored.
 * Other formats are used as stored: a PNG's or WebP's EXIF is not read.
 */
public final class ImageDecoder {

    static {
        ImageIO.setUseCache(false);
    }

    /** Built at the first decode, not when the engine loads: sRGB's colour space takes ~20 ms to set up. */
    private static final class Rgb {
        static final int[] BANDS = {0, 1, 2};
        static final ColorModel MODEL = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    }

    private final long maxPixels;
    private final int maxLongSide;

    /**
     * @param maxPixels   the largest image accepted, in pixels, checked before decoding
     * @param maxLongSide images whose long side exceeds this are decoded subsampled by a whole factor
     */
    public ImageDecoder(long maxPixels, int maxLongSide) {
        this.maxPixels = maxPixels;
        this.maxLongSide = maxLongSide;
    }

    public RgbImage decode(byte[] bytes) throws UnreadableImageException {
        ImageHeader header = ImageHeader.read(bytes)
                .orElseThrow(() -> new UnreadableImageException("not a JPEG, PNG, WebP or BMP image"));
        if (header.pixels() == 0) {
            throw new UnreadableImageException("the " + header.format() + " header is truncated or corrupt");
        }
        if (header.pixels() > maxPixels) {
            throw new UnreadableImageException(header.width() + "x" + header.height() + " is over the budget of "
                    + maxPixels + " pixels");
        }
        if (header.format() != ImageFormat.JPEG) {
            return decodeAsStored(bytes, header.format());
        }
        return upright(decodeAsStored(JpegSegments.withoutIccProfile(bytes), header.format()), Orientation.read(bytes));
    }

    private RgbImage decodeAsStored(byte[] data, ImageFormat format) throws UnreadableImageException {
        UnreadableImageException firstFailure = null;
        for (ImageReader reader : readers(format)) {
            try {
                return read(reader, data, format);
            } catch (IIOException | RuntimeException e) {
                // Another decoder may read what this one cannot (TwelveMonkeys reads CMYK JPEGs, the JDK does not);
                // whatever a decoder throws on hostile bytes means "unreadable", never a retry.
                if (firstFailure == null) {
                    firstFailure = new UnreadableImageException("corrupt or truncated " + format + ": "
                            + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new UnreadableImageException("cannot read " + format + ": " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
        throw firstFailure != null ? firstFailure : new UnreadableImageException("no decoder for " + format);
    }

    /** The decoders for a format, the JDK's own first: it decodes small JPEGs 4x faster than TwelveMonkeys. */
    private static List<ImageReader> readers(ImageFormat format) {
        List<ImageReader> readers = new ArrayList<>();
        ImageIO.getImageReadersByMIMEType(format.mediaType()).forEachRemaining(readers::add);
        readers.sort(Comparator.comparing(r -> r.getClass().getName().startsWith("com.sun.") ? 0 : 1));
        return readers;
    }

    private RgbImage read(ImageReader reader, byte[] data, ImageFormat format)
            throws IOException, UnreadableImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            StringBuilder warnings = new StringBuilder();
            reader.addIIOReadWarningListener(warningsInto(warnings));
            reader.setInput(in, true, true);
            // the decoder's own idea of the size decides, not only our header parser: a crafted header
            // must not smuggle a huge image past the budget
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if ((long) width * height > maxPixels) {
                throw new UnreadableImageException(width + "x" + height + " is over the budget of " + maxPixels
                        + " pixels");
            }
            int subsampling = (Math.max(width, height) + maxLongSide - 1) / maxLongSide;
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            if (writesRgbInPlace(reader, format)) {
                param.setDestination(rgbImage((width + subsampling - 1) / subsampling,
                        (height + subsampling - 1) / subsampling));
            }
            BufferedImage image = reader.read(0, param);
            if (!warnings.isEmpty()) {
                throw new UnreadableImageException("corrupt or truncated " + format + ": " + warnings);
            }
            return toRgb(image, (double) width / image.getWidth());
        }
    }

    /**
     * The stored pixels turned or mirrored as {@code orientation} says they are shown. Upright pixel (x, y) is
     * stored pixel {@code origin + x * alongRow + y * downColumn}, counted row-major in the stored image.
     */
    static RgbImage upright(RgbImage stored, Orientation orientation) {
        if (orientation == Orientation.NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        int last = w * h - 1;
        int lastRow = (h - 1) * w;
        int[] walk = switch (orientation) { // origin, alongRow, downColumn
            case NORMAL -> new int[] {0, 1, w};
            case MIRROR_HORIZONTAL -> new int[] {w - 1, -1, w};
            case ROTATE_180 -> new int[] {last, -1, -w};
            case MIRROR_VERTICAL -> new int[] {lastRow, 1, -w};
            case TRANSPOSE -> new int[] {0, w, 1};
            case ROTATE_90_CLOCKWISE -> new int[] {lastRow, -w, 1};
            case TRANSVERSE -> new int[] {last, -w, -1};
            case ROTATE_270_CLOCKWISE -> new int[] {w - 1, w, -1};
        };
        int uprightWidth = orientation.swapsSides() ? h : w;
        int uprightHeight = orientation.swapsSides() ? w : h;
        byte[] from = stored.rgb();
        byte[] to = new byte[from.length];
        int i = 0;
        for (int y = 0; y < uprightHeight; y++) {
            int source = walk[0] + y * walk[2];
            for (int x = 0; x < uprightWidth; x++, source += walk[1], i += 3) {
                int s = source * 3;
                to[i] = from[s];
                to[i + 1] = from[s + 1];
                to[i + 2] = from[s + 2];
            }
        }
        return new RgbImage(uprightWidth, uprightHeight, to, stored.toSource());
    }

    private static IIOReadWarningListener warningsInto(StringBuilder warnings) {
        return (source, warning) -> warnings.append(warnings.isEmpty() ? "" : "; ").append(warning);
    }

    /**
     * Whether the reader can decode into {@link #rgbImage}: the JDK's JPEG and PNG readers (the test compares
     * their pixels with ImageIO's own), for an image they would otherwise decode as 8-bit BGR. The JDK's BMP
     * reader ignores such a destination's band order.
     */
    private static boolean writesRgbInPlace(ImageReader reader, ImageFormat format) throws IOException {
        if (format != ImageFormat.JPEG && format != ImageFormat.PNG
                || !reader.getClass().getName().startsWith("com.sun.")) {
            return false;
        }
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        return raw != null && raw.getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR;
    }

    /**
     * An empty image whose bytes are interleaved R, G, B: the decoder writes its pixels in the order the
     * engine reads, so no pass swaps BGR to RGB afterwards (that pass cost as much as the JPEG's colour
     * conversion, more under the quick compiler, which keeps its bounds checks).
     */
    private static BufferedImage rgbImage(int w, int h) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, w * 3, 3,
                Rgb.BANDS, null);
        return new BufferedImage(Rgb.MODEL, raster, false, null);
    }

    private static RgbImage toRgb(BufferedImage image, double toSource) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getColorModel() == Rgb.MODEL) {
            return new RgbImage(w, h, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), toSource);
        }
        byte[] rgb = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                    rgb[i] = (byte) (row[x] >> 16);
                    rgb[i + 1] = (byte) (row[x] >> 8);
                    rgb[i + 2] = (byte) row[x];
                }
            }
        }
        return new RgbImage(w, h, rgb, toSource);
    }
}
