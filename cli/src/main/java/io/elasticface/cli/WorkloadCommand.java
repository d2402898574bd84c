package io.elasticface.cli;

import io.elasticface.cli.plot.LatencyPlot;
import io.elasticface.cli.workload.Summary;
import io.elasticface.cli.workload.Workload;
import io.elasticface.engine.gallery.Labels;
import io.elasticface.image.ImageFormat;
import io.elasticface.wire.WireCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The course's workload generator, measured: N photos, C at once, latency percentiles, correctness. */
@Command(name = "workload", mixinStandardHelpOptions = true, description = "Post photos to a running web tier and measure the answers.")
final class WorkloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8000/",
            description = "web tier endpoint: / (course text) or /recognize (JSON) (default ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--images", required = true, description = "folder of photos, posted in name order")
    Path images;

    @Option(names = "--labels", description = "CSV 'Image,Results' (file name without extension, name)")
    Path labels;

    @Option(names = "--requests", defaultValue = "100", description = "requests to post (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--concurrency", defaultValue = "100",
            description = "requests at once (default ${DEFAULT-VALUE}, as the course's generator)")
    int concurrency;

    @Option(names = "--request-timeout", defaultValue = "180s", converter = DurationConverter.class,
            description = "how long one request may take before it counts as a timeout, e.g. 180s, 500ms: "
                    + "above the web tier's reply timeout (120 s), so that its 504 comes first (default ${DEFAULT-VALUE})")
    Duration requestTimeout;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Option(names = "--plot", description = "draw each request's latency over the time it was sent, and their "
            + "histogram, into this SVG file")
    Path plot;

    /** Durations as the settings write them: 60s, 500ms, 2m. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = DurationStyle.detectAndParse(value);
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("must be more than 0, e.g. 60s");
            }
            return d;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (requests < 1 || concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--requests and --concurrency must be at least 1");
        }
        List<Path> photos = photos(images);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Workload.Timing> timings = new ArrayList<>();
        Summary summary = new Workload(url, labels == null ? Map.of() : readLabels(labels), json ? null : err,
                requestTimeout).run(photos, requests, concurrency, timings::add);
        if (plot != null) {
            LatencyPlot.writeSvg(plot, timings, requests + " requests, " + concurrency + " at once");
        }
        if (json) {
            out.println(WireCodec.toJson(summary));
        } else {
            out.printf("requests %d, failures %d%s%s%n", summary.requests(), summary.failures(),
                    summary.failures() == 0 ? "" : " " + summary.failuresByKind(),
                    summary.correct() == null ? "" : ", correct " + summary.correct());
            out.printf("total %.2f s, average latency (total / requests) %.3f s%n", summary.totalSeconds(),
                    summary.averageLatencySeconds());
            out.printf("answered requests: p50 %d ms, p90 %d ms, p99 %d ms%n", summary.p50Ms(), summary.p90Ms(),
                    summary.p99Ms());
            if (summary.overheadP50Ms() != null) {
                out.printf("pipeline overhead (latency - inference): p50 %d ms, p99 %d ms%n",
                        summary.overheadP50Ms(), summary.overheadP99Ms());
            }
        }
        out.flush();
        return summary.failures() == 0 ? 0 : 1;
    }

    private List<Path> photos(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--images " + dir + " is not a folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> photos = files.filter(Files::isRegularFile).filter(WorkloadCommand::isImage).sorted().toList();
            if (photos.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no JPEG, PNG, WebP or BMP images in " + dir);
            }
            return photos;
        }
    }

    private static boolean isImage(Path file) {
        try (var in = Files.newInputStream(file)) {
            return ImageFormat.sniff(in.readNBytes(32)).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    static Map<String, String> readLabels(Path csv) throws IOException {
        return Labels.read(csv);
    }
}
