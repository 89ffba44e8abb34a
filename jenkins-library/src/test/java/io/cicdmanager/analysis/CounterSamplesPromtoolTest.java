package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.RequiredBinary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins {@link CounterSamples#extrapolatedIncrease}, which the simulator answers {@code increase()} queries with, to
 * Prometheus itself: counters scraped every 15 s (one restarting, one appearing late) are given to
 * {@code promtool test rules}, which evaluates {@code increase()} over ranges and at moments that do not line up
 * with the scrapes, and must find what this class computes.
 */
class CounterSamplesPromtoolTest {
    private static final Instant ZERO = Instant.EPOCH;
    /** Values per 15-s scrape; null: no sample (the series does not exist yet). */
    private static final Double[][] SERIES = {
        {100.0, 117.0, 131.0, 150.0, 3.0, 21.0, 40.0, 58.0},
        {null, null, null, 2.0, 5.0, 9.0, 9.0, 16.0},
    };

    @TempDir
    Path dir;

    @Test
    void increaseMatchesPrometheusAcrossRestartsNewSeriesAndMisalignedRanges() throws Exception {
        Path promtool = RequiredBinary.find("promtool");
        StringBuilder test = new StringBuilder("""
                evaluation_interval: 15s
                tests:
                  - interval: 15s
                    input_series:
                """);
        List<List<MetricPoint>> samples = new ArrayList<>();
        for (int s = 0; s < SERIES.length; s++) {
            List<String> values = new ArrayList<>();
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < SERIES[s].length; i++) {
                Double v = SERIES[s][i];
                values.add(v == null ? "_" : String.valueOf(v.longValue()));
                if (v != null) {
                    points.add(new MetricPoint(ZERO.plusSeconds(15L * i), v));
                }
            }
            samples.add(points);
            test.append("      - series: 'requests_total{pod=\"p").append(s).append("\"}'\n")
                    .append("        values: '").append(String.join(" ", values)).append("'\n");
        }
        test.append("    promql_expr_test:\n");
        int[][] cases = {{37, 30}, {44, 30}, {60, 45}, {68, 30}, {77, 60}, {105, 90}, {100, 20}};
        for (int[] c : cases) {
            for (int s = 0; s < SERIES.length; s++) {
                double expected = CounterSamples.extrapolatedIncrease(samples.get(s), ZERO.plusSeconds(c[0]),
                        Duration.ofSeconds(c[1]));
                if (Double.isNaN(expected)) {
                    continue;
                }
                test.append("      - expr: 'increase(requests_total{pod=\"p").append(s).append("\"}[").append(c[1])
                        .append("s])'\n        eval_time: ").append(c[0]).append("s\n        exp_samples:\n")
                        .append("          - labels: '{pod=\"p").append(s).append("\"}'\n")
                        .append("            value: ").append(expected)
                        .append('\n');
            }
        }
        Path file = dir.resolve("increase_test.yaml");
        Files.writeString(file, test.toString(), StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(promtool.toString(), "test", "rules", file.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output + "\n" + test).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
