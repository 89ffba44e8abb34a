package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.RequiredBinary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins {@link CumulativeHistogram} to Prometheus itself: the same scrapes, with a process restart among them, are
 * given to {@code promtool test rules}, which evaluates {@code increase()}, the slow-count query and
 * {@code histogram_quantile()} with Prometheus' own engine and compares them with what this class computes.
 */
class CumulativeHistogramPromtoolTest {
    private static final String[] LE = {"0.05", "0.1", "0.25", "0.5", "1", "+Inf"};
    /** Cumulative counts per scrape, one scrape a minute; the process restarts before the fourth. */
    private static final double[][] SCRAPES = {
        {10, 40, 70, 85, 92, 95},
        {30, 90, 160, 190, 204, 210},
        {55, 150, 260, 300, 322, 331},
        {4, 12, 25, 31, 33, 34},
        {20, 61, 118, 140, 151, 156},
        {41, 117, 221, 265, 286, 296},
    };

    @TempDir
    Path dir;

    @Test
    void increaseSlowCountAndQuantilesMatchPrometheus() throws Exception {
        Path promtool = RequiredBinary.find("promtool");
        List<CumulativeHistogram> scrapes = new ArrayList<>();
        for (double[] counts : SCRAPES) {
            Map<String, Double> buckets = new LinkedHashMap<>();
            for (int i = 0; i < LE.length; i++) {
                buckets.put(LE[i], counts[i]);
            }
            scrapes.add(CumulativeHistogram.fromBuckets(buckets, counts[LE.length - 1]));
        }
        CumulativeHistogram increase = CumulativeHistogram.increase(scrapes);
        // A restart that the +Inf series shows too: Prometheus' per-series reading and ours must agree.
        assertThat(increase.count()).isEqualTo((331 - 95) + 34 + (296 - 34));

        StringBuilder test = new StringBuilder("""
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                """);
        for (int i = 0; i < LE.length; i++) {
            test.append("      - series: 'http_request_duration_seconds_bucket{le=\"").append(LE[i]).append("\"}'\n")
                    .append("        values: '").append(column(i)).append("'\n");
        }
        test.append("      - series: 'http_request_duration_seconds_count'\n")
                .append("        values: '").append(column(LE.length - 1)).append("'\n");
        test.append("    promql_expr_test:\n");
        for (String le : LE) {
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            double expected = bound == Double.POSITIVE_INFINITY ? increase.count() : increase.countAtOrBelow(bound);
            expect(test, "increase(http_request_duration_seconds_bucket{le=\"" + le + "\"}[5m])",
                    "{le=\"" + le + "\"}", expected);
        }
        expect(test, "increase(http_request_duration_seconds_count[5m]) - ignoring(le) "
                + "increase(http_request_duration_seconds_bucket{le=\"0.25\"}[5m])", "{}",
                increase.slowerThan(0.25).bad());
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
            expect(test, "histogram_quantile(" + q + ", increase(http_request_duration_seconds_bucket[5m]))", "{}",
                    increase.quantile(q));
        }
        Path file = dir.resolve("histogram_test.yaml");
        Files.writeString(file, test.toString(), StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(promtool.toString(), "test", "rules", file.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private static String column(int bucket) {
        List<String> values = new ArrayList<>();
        for (double[] scrape : SCRAPES) {
            values.add(String.valueOf((long) scrape[bucket]));
        }
        return String.join(" ", values);
    }

    private static void expect(StringBuilder test, String expr, String labels, double value) {
        test.append("      - expr: '").append(expr.replace("'", "''")).append("'\n")
                .append("        eval_time: 5m\n")
                .append("        exp_samples:\n")
                .append("          - labels: '").append(labels).append("'\n")
                .append("            value: ").append(value).append('\n');
    }
}
