package io.cicdmanager.analysis;

import java.util.Locale;

/** Writes a metric's number the way a person reads it: rates as percentages, latencies in ms or s. */
public final class MetricFormat {
    private MetricFormat() {
    }

    /** A latency: "250 ms" below a second, "1.50 s" from one on. */
    public static String seconds(double value) {
        return value < 1 ? String.format(Locale.ROOT, "%.0f ms", value * 1000)
                : String.format(Locale.ROOT, "%.2f s", value);
    }

    public static String format(String metric, Double value) {
        if (value == null || value.isNaN()) {
            return "no data";
        }
        if (metric.endsWith("-rate") || metric.equals("readiness-failures")) {
            return String.format(Locale.ROOT, "%.2f %%", value * 100);
        }
        if (metric.endsWith("-latency")) {
            return seconds(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", value.longValue());
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
