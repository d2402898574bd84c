package io.elasticface.autoscaler.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Request arrival times: one number of seconds per line; blank lines and {@code #} comments skipped. */
public final class Trace {

    private Trace() {
    }

    public static double[] read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
    }

    static double[] parse(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .mapToDouble(l -> {
                    double t = Double.parseDouble(l);
                    if (!(t >= 0) || Double.isInfinite(t)) {
                        throw new IllegalArgumentException("arrival times are seconds >= 0, got " + l);
                    }
                    return t;
                }).toArray();
    }
}
