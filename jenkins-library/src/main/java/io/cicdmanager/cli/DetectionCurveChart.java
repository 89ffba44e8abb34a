package io.cicdmanager.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the detection benchmark's curves as a PNG: per policy, its false-rollback rate against its median
 * detection delay as its dial (alpha, or an error-rate threshold) turns.
 */
final class DetectionCurveChart {
    private static final Color[] COLOURS = {new Color(0x1b9e77), new Color(0x66a61e), new Color(0xd95f02),
        new Color(0x7570b3), new Color(0xe7298a), new Color(0xa6761d), new Color(0x666666)};

    /** One point of a curve: the median seconds to a rollback of the bad canary, the healthy one's rollback rate. */
    record Point(String label, double medianSeconds, double falseRollbackRate) {
    }

    /** One policy's points, in the order of its dial. */
    record Curve(String policy, List<Point> points) {
    }

    private DetectionCurveChart() {
    }

    static void write(Path file, String title, String healthy, String bad, List<Curve> curves) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Curve c : curves) {
            XYSeries series = new XYSeries(c.policy(), false, true);
            for (Point p : c.points()) {
                if (Double.isFinite(p.medianSeconds())) {
                    // The log axis cannot show 0: a rate of 0 sits at its floor, 0.01 %.
                    series.add(p.medianSeconds(), Math.max(0.01, p.falseRollbackRate() * 100));
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "median seconds to roll back " + bad
                + " (misses count as never)", "false rollbacks on " + healthy + ", % (none drawn at 0.01)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LogarithmicAxis x = new LogarithmicAxis(plot.getDomainAxis().getLabel());
        x.setAllowNegativesFlag(false);
        plot.setDomainAxis(x);
        LogarithmicAxis y = new LogarithmicAxis(plot.getRangeAxis().getLabel());
        y.setAllowNegativesFlag(false);
        y.setLowerBound(0.005);
        y.setUpperBound(100);
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < curves.size(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
    }
}
