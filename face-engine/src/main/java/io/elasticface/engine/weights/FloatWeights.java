package io.elasticface.engine.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A flat little-endian float32 weight file read front to back, the way face-api.js's loaders consume it.
 * {@link #requireConsumed()} proves the layer layout matches the file exactly.
 */
public final class FloatWeights {

    /** The classpath folder of the {@code model} module. */
    public static final String RESOURCE_DIR = "/io/elasticface/model/";

    private final String name;
    private final FloatBuffer floats;

    private FloatWeights(String name, FloatBuffer floats) {
        this.name = name;
        this.floats = floats;
    }

    /** Reads a weight file from the {@code model} module's classpath folder. */
    public static FloatWeights fromClasspath(String fileName) {
        try (InputStream in = FloatWeights.class.getResourceAsStream(RESOURCE_DIR + fileName)) {
            if (in == null) {
                throw new IllegalStateException("weight file " + fileName + " is not on the classpath (module model)");
            }
            return of(fileName, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weight file " + fileName, e);
        }
    }

    public static FloatWeights of(String name, byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(name + " is not a whole number of float32 values");
        }
        return new FloatWeights(name, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
    }

    /** The next {@code count} floats. */
    public float[] next(int count) {
        if (count > floats.remaining()) {
            throw new IllegalStateException(name + ": layout wants " + count + " more floats, only "
                    + floats.remaining() + " left");
        }
        float[] values = new float[count];
        floats.get(values);
        return values;
    }

    public int remaining() {
        return floats.remaining();
    }

    /** Fails unless every float has been consumed: the layout read must match the file exactly. */
    public void requireConsumed() {
        if (floats.hasRemaining()) {
            throw new IllegalStateException(name + ": " + floats.remaining() + " floats left after reading the layout");
        }
    }
}
