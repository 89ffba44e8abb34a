package io.cicdmanager.analysis;

/**
 * Writes a metric's number the way a person reads it: rates as percentages, latencies in ms or s, counts whole. The
 * metric's kind decides its unit as for every {@link Figure} ({@link Figure#unitOf}), so a number reads the same in a
 * check's message as in the figure it was decided on.
 */
public final class MetricFormat {
    private MetricFormat() {
    }

    /** A latency: "250 ms" below a second, "1.50 s" from one on. */
    public static String seconds(double value) {
        return new Figure(Figure.Unit.SECONDS, value, null, null).show(value);
    }

    public static String format(String metric, Double value) {
        if (value == null || value.isNaN()) {
            return "no data";
        }
        return Figure.of(null, metric, value, null, null).show(value);
    }
}
