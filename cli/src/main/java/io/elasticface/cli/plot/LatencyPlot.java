package io.elasticface.cli.plot;

import io.elasticface.cli.workload.Workload.Timing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A workload's latencies: each request's over the time it was sent (failures apart), and their histogram. */
public final class LatencyPlot {

    private static final int BINS = 40;

    private LatencyPlot() {
    }

    public static void writeSvg(Path file, List<Timing> timings, String title) throws IOException {
        XYSeries answered = new XYSeries("answered", false, true);
        XYSeries failed = new XYSeries("failed (time to the failure)", false, true);
        for (Timing t : timings) {
            (t.failure() == null ? answered : failed).add(t.startedMs() / 1000.0, t.latencyMs() / 1000.0);
        }
        XYSeriesCollection overTime = new XYSeriesCollection(answered);
        if (failed.getItemCount() > 0) {
            overTime.addSeries(failed);
        }
        JFreeChart scatter = ChartFactory.createScatterPlot(title + ": latency by the time each request was sent",
                "sent at (s after the first)", "latency (s)", overTime, PlotOrientation.VERTICAL, true, false, false);

        double[] latencies = timings.stream().filter(t -> t.failure() == null).mapToDouble(t -> t.latencyMs() / 1000.0)
                .toArray();
        HistogramDataset histogram = new HistogramDataset();
        if (latencies.length > 0) {
            histogram.addSeries("answered", latencies, BINS);
        }
        JFreeChart bars = ChartFactory.createHistogram(title + ": latency of the " + latencies.length + " answered",
                "latency (s)", "requests", histogram, PlotOrientation.VERTICAL, false, false, false);
        Charts.writeSvg(file, Charts.styled(scatter), Charts.styled(bars));
    }
}
