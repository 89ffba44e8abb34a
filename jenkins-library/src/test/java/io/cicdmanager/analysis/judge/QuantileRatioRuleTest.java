package io.cicdmanager.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantileRatioRuleTest {
    private static CumulativeHistogram histogram(double le01, double le02, double le05, double inf) {
        return CumulativeHistogram.fromBuckets(Map.of("0.1", le01, "0.2", le02, "0.5", le05, "+Inf", inf));
    }

    /** Stable P95: rank 95 lies 5 of 10 into (0.1, 0.2], so 150 ms. */
    private static final CumulativeHistogram STABLE = histogram(90, 100, 100, 100);

    @Test
    void aCanaryWithinThreeTimesTheStablesP95Passes() {
        // Canary P95: rank 95 lies 15 of 20 into (0.2, 0.5], so 425 ms: 2.83 times.
        QuantileRatioRule.Comparison c = QuantileRatioRule.seed().compare(histogram(50, 80, 100, 100), STABLE);
        assertThat(c.decision()).isEqualTo(Decision.PASS);
        assertThat(c.canary()).isCloseTo(0.425, within(1e-12));
        assertThat(c.stable()).isCloseTo(0.15, within(1e-12));
        assertThat(c.ratio()).isCloseTo(0.425 / 0.15, within(1e-12));
        assertThat(c.message()).isEqualTo("P95 canary 425 ms vs stable 150 ms = 2.83× <= 3×");
    }

    @Test
    void aCanaryBeyondThreeTimesFails() {
        // Canary P95 in the +Inf bucket: Prometheus answers the highest finite bound, 500 ms.
        QuantileRatioRule.Comparison c = QuantileRatioRule.seed().compare(histogram(10, 20, 50, 100), STABLE);
        assertThat(c.decision()).isEqualTo(Decision.FAIL);
        assertThat(c.message()).isEqualTo("P95 canary 500 ms vs stable 150 ms = 3.33× > 3×");
    }

    @Test
    void noRequestsOnATrackIsInconclusive() {
        QuantileRatioRule.Comparison c = QuantileRatioRule.seed().compare(histogram(0, 0, 0, 0), STABLE);
        assertThat(c.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(c.message()).isEqualTo("P95: no requests on the canary track in the window");
        assertThat(QuantileRatioRule.seed().compare(STABLE, histogram(0, 0, 0, 0)).message()).contains("stable track");
    }

    @Test
    void aStableQuantileOfZeroHasNoRatio() {
        CumulativeHistogram zero = CumulativeHistogram.fromBuckets(Map.of("0", 100.0, "0.1", 100.0, "+Inf", 100.0));
        QuantileRatioRule rule = new QuantileRatioRule(0.5, 2);
        assertThat(rule.compare(zero, zero).decision()).isEqualTo(Decision.PASS);
        QuantileRatioRule.Comparison c = rule.compare(CumulativeHistogram.fromBuckets(
                Map.of("0", 0.0, "0.1", 100.0, "+Inf", 100.0)), zero);
        assertThat(c.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(c.message()).isEqualTo("P50 canary 50 ms vs stable 0 ms: no ratio to a stable P50 of 0");
    }

    @Test
    void theRuleIsValidated() {
        assertThatThrownBy(() -> new QuantileRatioRule(1, 3)).hasMessage("quantile must be between 0 and 1, got 1.0");
        assertThatThrownBy(() -> new QuantileRatioRule(0.95, 0)).hasMessage("maxRatio must be above 0, got 0.0");
        assertThatThrownBy(() -> new QuantileRatioRule(0.95, Double.POSITIVE_INFINITY))
                .hasMessageContaining("maxRatio must be above 0");
    }
}
