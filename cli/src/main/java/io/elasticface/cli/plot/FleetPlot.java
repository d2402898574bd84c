package io.elasticface.cli.plot;

import io.elasticface.autoscaler.simulation.TimelineSample;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The simulator's timeline as a figure and a table: the queue (visible and in flight) above, the instances by
 * state below, over virtual time; with several policies, one line per policy for each quantity.
 */
public final class FleetPlot {

    private static final List<String> HEADER = List.of("policy", "seconds", "visible", "in_flight", "pending",
            "running", "stopping", "stopped");

    private FleetPlot() {
    }

    /** One row per loop tick and policy, with {@link #HEADER}'s columns. */
    public static void writeCsv(Path file, List<TimelineSample> samples) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            for (TimelineSample s : samples) {
                csv.printRecord(s.policy(), String.format(Locale.ROOT, "%.3f", s.seconds()), s.visible(), s.inFlight(),
                        s.pending(), s.running(), s.stopping(), s.stopped());
            }
        }
    }

    public static void writeSvg(Path file, List<TimelineSample> samples, String title) throws IOException {
        Map<String, List<TimelineSample>> byPolicy = samples.stream()
                .collect(Collectors.groupingBy(TimelineSample::policy, LinkedHashMap::new, Collectors.toList()));
        boolean several = byPolicy.size() > 1;
        XYSeriesCollection queue = new XYSeriesCollection();
        XYSeriesCollection instances = new XYSeriesCollection();
        byPolicy.forEach((policy, timeline) -> {
            String suffix = several ? " (" + policy + ")" : "";
            queue.addSeries(series("visible" + suffix, timeline, TimelineSample::visible));
            queue.addSeries(series("in flight" + suffix, timeline, TimelineSample::inFlight));
            instances.addSeries(series("running" + suffix, timeline, TimelineSample::running));
            instances.addSeries(series("pending" + suffix, timeline, TimelineSample::pending));
            if (!several) {
                instances.addSeries(series("stopping", timeline, TimelineSample::stopping));
                instances.addSeries(series("stopped", timeline, TimelineSample::stopped));
            }
        });
        Charts.writeSvg(file, step(title + ": queue", "messages", queue), step(title + ": instances", "instances", instances));
    }

    private static XYSeries series(String name, List<TimelineSample> timeline, ToIntFunction<TimelineSample> value) {
        XYSeries series = new XYSeries(name, true, true);
        timeline.forEach(s -> series.addOrUpdate(s.seconds(), value.applyAsInt(s)));
        return series;
    }

    private static JFreeChart step(String title, String axis, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "virtual time (s)", axis, data,
                PlotOrientation.VERTICAL, true, false, false);
        ((XYPlot) chart.getPlot()).setRenderer(new XYStepRenderer());
        return Charts.styled(chart);
    }
}
