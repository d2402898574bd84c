package io.elasticface.engine.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A flat little-endian float32 weight file, its tensors bound by the names its manifest gives them (the
 * names of face-api.js's published weight manifests), never by position: a net asks for
 * {@code "conv64_1/conv2/conv/filters"} with the shape it expects. The manifest must account for every
 * byte of the file, and {@link #requireAllTaken()} proves that a net used every tensor.
 */
public final class Weights {

    /** The classpath folder of the {@code model} module. */
    public static final String RESOURCE_DIR = "/io/elasticface/model/";

    private record Tensor(int offset, int[] shape) {
        int size() {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            return size;
        }
    }

    private static final int CHUNK = 64 * 1024;

    private final String name;
    private final FloatBuffer floats;
    private final Map<String, Tensor> tensors;
    private final Set<String> taken = new TreeSet<>();

    private Weights(String name, FloatBuffer floats, Map<String, Tensor> tensors) {
        this.name = name;
        this.floats = floats;
        this.tensors = tensors;
    }

    /** Reads {@code <model>.manifest.json} and {@code <model>.weights} from the {@code model} module. */
    public static Weights fromClasspath(String model) {
        return of(model, resource(model + ".manifest.json"), resource(model + ".weights"));
    }

    /** Binds a weight file's bytes by the manifest, which must describe exactly those bytes. */
    public static Weights of(String name, byte[] manifest, byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(name + " is not a whole number of float32 values");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int offset = 0;
        for (JsonNode weight : JsonMapper.builder().build().readTree(manifest).path("weights")) {
            String tensor = weight.path("name").asString();
            int[] shape = new int[weight.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = weight.path("shape").get(i).asInt();
            }
            Tensor t = new Tensor(offset, shape);
            if (tensors.put(tensor, t) != null) {
                throw new IllegalArgumentException(name + ": the manifest names " + tensor + " twice");
            }
            offset += t.size();
        }
        int floats = bytes.length / Float.BYTES;
        if (offset != floats) {
            throw new IllegalArgumentException(name + ": the manifest describes " + offset + " floats, the file holds "
                    + floats);
        }
        return new Weights(name, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(), tensors);
    }

    /**
     * The tensor of that name, which must have that shape (in the file's layout).
     *
     * @throws IllegalArgumentException for an unknown name or another shape
     */
    public float[] take(String tensor, int... shape) {
        Tensor t = tensors.get(tensor);
        if (t == null) {
            throw new IllegalArgumentException(name + " has no tensor " + tensor);
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(name + ": " + tensor + " is " + Arrays.toString(t.shape())
                    + ", not " + Arrays.toString(shape));
        }
        float[] values = new float[t.size()];
        floats.get(t.offset(), values);
        taken.add(tensor);
        return values;
    }

    /** Fails unless every tensor has been taken: the net must use the whole file. */
    public void requireAllTaken() {
        if (taken.size() != tensors.size()) {
            Set<String> left = new TreeSet<>(tensors.keySet());
            left.removeAll(taken);
            throw new IllegalStateException(name + ": tensors never used: " + left);
        }
    }

    /**
     * The resource's bytes, read into one array of its size where the class path tells it (the weights are
     * stored uncompressed in the model's jar), in chunks small enough that the JDK reads them without a native
     * buffer of the file's size: the descriptor's 22 MB were otherwise copied through two more fresh buffers.
     */
    private static byte[] resource(String file) {
        URL url = Weights.class.getResource(RESOURCE_DIR + file);
        if (url == null) {
            throw new IllegalStateException(file + " is not on the classpath (module model)");
        }
        try {
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            try (InputStream in = connection.getInputStream()) {
                if (size < 0 || size > Integer.MAX_VALUE - 8) {
                    return in.readAllBytes();
                }
                byte[] bytes = new byte[(int) size];
                int read = 0;
                while (read < bytes.length) {
                    int n = in.read(bytes, read, Math.min(CHUNK, bytes.length - read));
                    if (n < 0) {
                        throw new IOException(file + " ended after " + read + " of " + size + " bytes");
                    }
                    read += n;
                }
                if (in.read() >= 0) {
                    throw new IOException(file + " is longer than the " + size + " bytes it declares");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
