package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pearson's estimate of how much more counts vary than independent requests would make them. */
class DispersionTest {

    /** Nine pods of 500 requests, failures at 1 % in bursts of {@code burst} (exactly), over {@code windows}. */
    private static Dispersion pods(int burst, int windows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Dispersion d = new Dispersion();
        for (int w = 0; w < windows; w++) {
            List<RequestCounts> cells = new ArrayList<>();
            for (int p = 0; p < 9; p++) {
                int bad = 0;
                for (int r = 0; r < 500; r += burst) {
                    bad += random.nextDouble() < 0.01 ? burst : 0;
                }
                cells.add(new RequestCounts(500, Math.min(500, bad)));
            }
            d.addCells(cells);
        }
        return d;
    }

    @Test
    void beforeAnyCountsItAssumesBurstsOfFive() {
        Dispersion d = new Dispersion();
        assertThat(d.estimate()).isEqualTo(Dispersion.PRIOR);
        assertThat(d.upperBound()).isEqualTo(Dispersion.MAX);
        assertThat(d.effectiveDegrees()).isZero();
    }

    @Test
    void independentCountsReadAsOneAndBurstsAsTheirSize() {
        Dispersion independent = pods(1, 200, 1);
        assertThat(independent.estimate()).isCloseTo(1, within(0.15));
        assertThat(independent.upperBound()).isLessThan(MixtureLikelihoodRatio.LIKELIHOOD_UP_TO)
                .isGreaterThanOrEqualTo(independent.estimate());
        // Bursts of exactly 4 requests: the variance is 4 times the mean.
        Dispersion bursty = pods(4, 200, 2);
        assertThat(bursty.estimate()).isCloseTo(4, within(0.6));
        assertThat(bursty.upperBound()).isGreaterThan(bursty.estimate());
        // Few windows: the bound stays wide, so the judge keeps betting as if counts were clustered.
        assertThat(pods(1, 3, 3).upperBound()).isGreaterThan(MixtureLikelihoodRatio.LIKELIHOOD_UP_TO);
    }

    @Test
    void cellsWithoutRequestsOrWithoutAnyFailureCarryNothing() {
        Dispersion d = new Dispersion();
        d.addCells(List.of(new RequestCounts(100, 0), new RequestCounts(100, 0)));
        d.addCells(List.of(new RequestCounts(100, 3)));
        d.addCells(List.of(new RequestCounts(100, 3), new RequestCounts(0, 0)));
        d.addResidual(3, 0, 0);
        assertThat(d.effectiveDegrees()).isZero();
        d.addCells(List.of(new RequestCounts(100, 3), new RequestCounts(100, 1)));
        // (3 − 2)² / (2 × 0.98) twice, on one degree of freedom discounted for an expected count of 2.
        assertThat(d.estimate()).isCloseTo((2 / 1.96 + Dispersion.PRIOR * Dispersion.PRIOR_DEGREES)
                / (1 + Dispersion.PRIOR_DEGREES), within(1e-9));
        assertThat(d.effectiveDegrees()).isCloseTo(2 / 2.5, within(1e-9));
        Dispersion other = new Dispersion();
        other.addAll(d);
        assertThat(other.estimate()).isEqualTo(d.estimate());
        assertThat(other.estimateTowards(1, 1000)).isCloseTo(1, within(0.01));
    }
}
