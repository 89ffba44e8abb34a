package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What people are shown of a check: rounded, in the unit of its limit, and never at odds with its verdict. */
class FigureTest {

    @Test
    void anErrorRateThatPassedWithinNoiseShowsTheLimitItWasJudgedBy() {
        // 3 failures in 288 requests: 1.04 %, above a 1 % bound, but no evidence against it
        ThresholdCheck check = new ThresholdCheck("error-rate", "error-rate", 0.01, true, Track.CANARY, Map.of());
        CheckResult noise = check.evaluate(ChecksTest.context(ChecksTest.table(Map.of("error-rate/canary", 3 / 288.0,
                "request-count/canary", 288.0, "error-count/canary", 3.0)), null));
        assertThat(noise.verdict()).isEqualTo(Verdict.PASS);
        Figure.Shown shown = noise.shown();
        assertThat(shown.value()).isEqualTo("1.04 %");
        assertThat(shown.comparison()).isEqualTo("≤");
        // the most failures still within noise at 0.999 is 9 of 288: P(X >= 9) = 0.00276, P(X >= 10) = 0.00075
        // (computed independently with Python's math.comb)
        assertThat(shown.limit()).isEqualTo("3.13 %");
        assertThat(noise.message()).isEqualTo("error-rate 1.04 % (3 of 288 requests) is within noise of <= 1.00 %: "
                + "up to 9 failures (3.13 %) are (P = 0.550)");
    }

    @Test
    void aRatioCheckShowsRatiosNotTheMetricsUnit() {
        CheckResult r = new RatioToStableCheck("p95-vs-stable", "p95-latency", 2.0, Map.of()).evaluate(
                ChecksTest.context(ChecksTest.table(Map.of("p95-latency/canary", 1.06, "p95-latency/stable", 1.05)),
                        null));
        assertThat(r.shown().toString()).isEqualTo("1.01× ≤ 2.00×");
    }

    @Test
    void digitsAreAddedUntilTheShownNumbersAgreeWithTheVerdict() {
        Figure justOver = new Figure(Figure.Unit.PERCENT, 0.010004, "<=", 0.01);
        assertThat(justOver.shown(Verdict.FAIL).toString()).isEqualTo("1.0004 % ≤ 1.0000 %");
        assertThat(justOver.sentence("error-rate", Verdict.FAIL)).isEqualTo("error-rate 1.0004 % breaches <= 1.0000 %");
        assertThat(new Figure(Figure.Unit.PERCENT, 0.00996, "<=", 0.01).shown(Verdict.PASS).toString())
                .as("rounds to the limit and passes: no digits needed").isEqualTo("1.00 % ≤ 1.00 %");
        assertThat(new Figure(Figure.Unit.SECONDS, 0.5004, "<=", 0.5).shown(Verdict.FAIL).toString())
                .isEqualTo("500.4 ms ≤ 500.0 ms");
        assertThat(new Figure(Figure.Unit.TIMES, 2.004, "<=", 2.0).shown(Verdict.FAIL).toString())
                .isEqualTo("2.004× ≤ 2.000×");
        assertThat(new Figure(Figure.Unit.PERCENT, 0.010004, "<=", 0.01).shown(Verdict.INCONCLUSIVE).toString())
                .as("no verdict to agree with").isEqualTo("1.00 % ≤ 1.00 %");
    }

    @Test
    void latenciesReadInTheUnitOfTheirLimit() {
        assertThat(Figure.of("threshold", "p95-latency", 1.2, "<=", 0.5).shown(Verdict.FAIL).toString())
                .isEqualTo("1200 ms ≤ 500 ms");
        assertThat(Figure.of("threshold", "p95-latency", 0.25, "<=", 2.0).shown(Verdict.PASS).toString())
                .isEqualTo("0.25 s ≤ 2.00 s");
        assertThat(Figure.of("threshold", "p95-latency", null, "<=", 2.0).shown(Verdict.INCONCLUSIVE).value())
                .isEqualTo("no data");
        assertThat(Figure.of("pod-health", "restarts", 3.0, "<=", 0.0).shown(Verdict.FAIL).toString())
                .isEqualTo("3 ≤ 0");
        assertThat(new Figure(Figure.Unit.EVIDENCE, 212.4, ">=", 100.0).shown(Verdict.FAIL).toString())
                .isEqualTo("e=212 ≥ e=100");
    }

    /** Whatever the numbers, what a decided verdict is shown with reads as that verdict. */
    @Test
    void shownNumbersNeverContradictADecidedVerdict() {
        Random random = new Random(12);
        List<String> contradictions = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Figure.Unit unit = Figure.Unit.values()[random.nextInt(4)];
            double limit = switch (unit) {
                case PERCENT -> random.nextInt(50) / 1000.0;
                case SECONDS -> random.nextBoolean() ? random.nextInt(2000) / 1000.0 : random.nextInt(10);
                default -> random.nextInt(40) / 10.0;
            };
            double value = limit * (1 + (random.nextDouble() - 0.5) * Math.pow(10, -random.nextInt(6)));
            String comparison = random.nextBoolean() ? "<=" : ">=";
            Figure figure = new Figure(unit, value, comparison, limit);
            boolean holds = comparison.equals("<=") ? value <= limit : value >= limit;
            Verdict verdict = holds ? Verdict.PASS : Verdict.FAIL;
            Figure.Shown shown = figure.shown(verdict);
            BigDecimal v = number(shown.value());
            BigDecimal l = number(shown.limit());
            boolean shownHolds = comparison.equals("<=") ? v.compareTo(l) <= 0 : v.compareTo(l) >= 0;
            // (two doubles a few ulps apart are past what any display is for)
            if (shownHolds != holds && Math.abs(value - limit) > 1e-12 * Math.max(1, Math.abs(limit))) {
                contradictions.add(figure + " shown " + shown + " for " + verdict);
            }
        }
        assertThat(contradictions).isEmpty();
    }

    private static BigDecimal number(String shown) {
        return new BigDecimal(shown.replaceAll("[^0-9.\\-]", ""));
    }
}
