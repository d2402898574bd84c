package io.elasticface.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.svg.SVGGraphics2D;

/** Writes JFreeChart charts as SVG files (JFreeSVG), in one plain style. */
final class Charts {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;

    private Charts() {
    }

    static {
        // charts are drawn off screen, on servers and in CI
        System.setProperty("java.awt.headless", "true");
    }

    /** Draws the charts one above the other into one SVG file. */
    static void writeSvg(Path file, JFreeChart... charts) throws IOException {
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT * charts.length);
        for (int i = 0; i < charts.length; i++) {
            charts[i].draw(svg, new Rectangle(0, i * HEIGHT, WIDTH, HEIGHT));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, svg.getSVGDocument(), StandardCharsets.UTF_8);
    }

    /** White background, light grid, thicker lines. */
    static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
            plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
            for (int r = 0; r < plot.getRendererCount(); r++) {
                XYItemRenderer renderer = plot.getRenderer(r);
                for (int s = 0; s < plot.getDataset(r).getSeriesCount(); s++) {
                    renderer.setSeriesStroke(s, new BasicStroke(2f));
                }
            }
        }
        return chart;
    }
}
