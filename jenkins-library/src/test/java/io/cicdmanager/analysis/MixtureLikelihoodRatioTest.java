package io.cicdmanager.analysis;

import static io.cicdmanager.analysis.MixtureLikelihoodRatio.Family.RATE;
import static io.cicdmanager.analysis.MixtureLikelihoodRatio.Family.RATIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MixtureLikelihoodRatioTest {

    private static MixtureLikelihoodRatio rate(double nullValue, double[] alternatives, double[] weights,
            boolean restarts) {
        return new MixtureLikelihoodRatio(RATE, nullValue, alternatives, weights, restarts);
    }

    @Test
    void withoutEvidenceItStaysAtOne() {
        for (boolean restarts : new boolean[] {false, true}) {
            MixtureLikelihoodRatio m = rate(0.01, new double[] {0.02, 0.04}, new double[] {1, 3}, restarts);
            assertThat(m.logValue()).isZero();
            for (int i = 0; i < 50; i++) {
                m.updateRate(0, 0);
            }
            assertThat(m.logValue()).as("restarts " + restarts).isCloseTo(0, within(1e-12));
            assertThat(m.updates()).isEqualTo(50);
        }
    }

    @Test
    void itMixesTheBinomialLikelihoodRatiosOfItsAlternativesByWeight() {
        MixtureLikelihoodRatio m = rate(0.01, new double[] {0.02, 0.04}, new double[] {1, 3}, false);
        m.updateRate(3, 100);
        double first = 0.25 * Math.pow(2, 3) * Math.pow(0.98 / 0.99, 97) + 0.75 * Math.pow(4, 3) * Math.pow(0.96 / 0.99, 97);
        assertThat(Math.exp(m.logValue())).isCloseTo(first, within(1e-9));
        m.updateRate(1, 50);
        double second = 0.25 * Math.pow(2, 4) * Math.pow(0.98 / 0.99, 146)
                + 0.75 * Math.pow(4, 4) * Math.pow(0.96 / 0.99, 146);
        assertThat(Math.exp(m.logValue())).isCloseTo(second, within(1e-9));
        m.updateRate(0, 1000);
        assertThat(m.logValue()).isLessThan(Math.log(second));
        assertThat(m.logPeak()).isCloseTo(Math.log(Math.max(first, second)), within(1e-9));
    }

    @Test
    void theRatioFamilyIsTheBinomialOfTheCanarysShareOfBadRequests() {
        long x = 7;
        long e = 40;
        long nc = 1000;
        long ns = 9000;
        double pi = 3.0 * nc / (3.0 * nc + ns);
        double pi0 = 1.5 * nc / (1.5 * nc + ns);
        double direct = x * Math.log(pi / pi0) + (e - x) * Math.log((1 - pi) / (1 - pi0));
        MixtureLikelihoodRatio m = new MixtureLikelihoodRatio(RATIO, 1.5, new double[] {3}, new double[] {1}, false);
        m.updateRatio(x, e, nc, ns);
        assertThat(m.logValue()).isCloseTo(direct, within(1e-12));
    }

    @Test
    void withRestartsEvidenceCanStartLate() {
        MixtureLikelihoodRatio m = rate(0.1, new double[] {0.2}, new double[] {1}, true);
        m.updateRate(0, 10_000);
        // The start at interval 1 is gone; the rest of the weight (1/2) has not started yet.
        assertThat(Math.exp(m.logValue())).isCloseTo(0.5, within(1e-9));
        m.updateRate(3, 3);
        // The start at interval 2 has weight 1/(2·1·2) = 1/4 and is now worth 2³; 1/4 is still to start.
        assertThat(Math.exp(m.logValue())).isCloseTo(0.25 * 8 + 0.25, within(1e-9));
    }

    @Test
    void eachFamilyTakesItsOwnCounts() {
        MixtureLikelihoodRatio ratio = new MixtureLikelihoodRatio(RATIO, 1.5, new double[] {3}, new double[] {1}, false);
        assertThatThrownBy(() -> ratio.updateRate(1, 10)).hasMessage("a RATIO mixture takes no RATE counts");
        MixtureLikelihoodRatio rate = rate(0.1, new double[] {0.2}, new double[] {1}, false);
        assertThatThrownBy(() -> rate.updateRatio(1, 2, 10, 10)).hasMessage("a RATE mixture takes no RATIO counts");
    }

    @Test
    void weightsMustBePositiveAndOnePerAlternative() {
        assertThatThrownBy(() -> rate(0.1, new double[] {0.2}, new double[] {0}, false))
                .hasMessage("weights must be positive");
        assertThatThrownBy(() -> rate(0.1, new double[] {0.2, 0.3}, new double[] {1}, false))
                .hasMessage("need one positive weight per alternative");
        assertThatThrownBy(() -> rate(0.1, new double[0], new double[0], false))
                .hasMessage("need one positive weight per alternative");
    }

    @Test
    void nearlyIndependentCountsAreWeighedByTheirBetaBinomialLikelihoodRatio() {
        MixtureLikelihoodRatio.Spread independent = MixtureLikelihoodRatio.Spread.INDEPENDENT;
        double binomial = 7 * Math.log(0.2 / 0.1) + 33 * Math.log(0.8 / 0.9);
        assertThat(MixtureLikelihoodRatio.logFactor(7, 40, 0.1, 0.2, independent)).isCloseTo(binomial, within(1e-12));
        // A little overdispersion: the beta-binomial, whose evidence from many failures at once is smaller.
        MixtureLikelihoodRatio.Spread slight = new MixtureLikelihoodRatio.Spread(1.4, 1.3);
        double bb = MixtureLikelihoodRatio.logFactor(7, 40, 0.1, 0.2, slight);
        double rho = 0.3 / 39;
        assertThat(bb).isCloseTo(MixtureLikelihoodRatio.logBetaBinomial(7, 40, 0.2, rho)
                - MixtureLikelihoodRatio.logBetaBinomial(7, 40, 0.1, rho), within(1e-12)).isLessThan(binomial);
        // With no correlation at all the beta-binomial is the binomial (up to the coefficient, which cancels).
        assertThat(MixtureLikelihoodRatio.logBetaBinomial(7, 40, 0.2, 1e-9) - MixtureLikelihoodRatio.logBetaBinomial(7,
                40, 0.1, 1e-9)).isCloseTo(binomial, within(1e-4));
        assertThat(MixtureLikelihoodRatio.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(MixtureLikelihoodRatio.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
        assertThat(MixtureLikelihoodRatio.logGamma(1e-3)).isCloseTo(6.9071788855, within(1e-8));
    }

    @Test
    void clusteredCountsAreWeighedByBetsWhoseExpectationStaysAtMostOneWhateverTheClusters() {
        MixtureLikelihoodRatio.Spread clustered = new MixtureLikelihoodRatio.Spread(9, 9);
        // An upper alternative: a linear bet. Under the null its expected factor is exactly 1 for any distribution
        // of the count with mean n·p0: here all-or-nothing (one burst of 40 failures with probability 0.1).
        double allFail = Math.exp(MixtureLikelihoodRatio.logFactor(40, 40, 0.1, 0.3, clustered));
        double noneFail = Math.exp(MixtureLikelihoodRatio.logFactor(0, 40, 0.1, 0.3, clustered));
        assertThat(0.1 * allFail + 0.9 * noneFail).isCloseTo(1, within(1e-12));
        // ...and it never stakes everything: no count wipes the alternative out.
        assertThat(noneFail).isGreaterThanOrEqualTo(1 - MixtureLikelihoodRatio.MAX_STAKE);
        // Its stake shrinks as the dispersion grows.
        assertThat(MixtureLikelihoodRatio.logFactor(8, 40, 0.1, 0.3, new MixtureLikelihoodRatio.Spread(3, 3)))
                .isGreaterThan(MixtureLikelihoodRatio.logFactor(8, 40, 0.1, 0.3, clustered)).isPositive();
        // A lower alternative: the binomial likelihood ratio tempered by the dispersion's upper bound.
        double lower = 2 * Math.log(0.05 / 0.1) + 38 * Math.log(0.95 / 0.9);
        assertThat(MixtureLikelihoodRatio.logFactor(2, 40, 0.1, 0.05, clustered)).isCloseTo(lower / 9, within(1e-12));
        assertThat(MixtureLikelihoodRatio.logFactor(0, 0, 0.1, 0.3, clustered)).isZero();
    }

    @Test
    void theRatioFamilyBetsOnTheCanarysShareWithTheSpreadItIsGiven() {
        MixtureLikelihoodRatio.Spread clustered = new MixtureLikelihoodRatio.Spread(9, 9);
        MixtureLikelihoodRatio m = new MixtureLikelihoodRatio(RATIO, 1.5, new double[] {3}, new double[] {1}, false);
        m.updateRatio(7, 40, 1000, 9000, clustered);
        double pi0 = MixtureLikelihoodRatio.share(1.5, 1000, 9000);
        double pi = MixtureLikelihoodRatio.share(3, 1000, 9000);
        assertThat(m.logValue()).isCloseTo(MixtureLikelihoodRatio.logFactor(7, 40, pi0, pi, clustered), within(1e-12));
    }

    @Test
    void logAddExpHandlesEmptyAndNegligibleTerms() {
        assertThat(MixtureLikelihoodRatio.logAddExp(Double.NEGATIVE_INFINITY, 2)).isEqualTo(2);
        assertThat(MixtureLikelihoodRatio.logAddExp(2, Double.NEGATIVE_INFINITY)).isEqualTo(2);
        assertThat(MixtureLikelihoodRatio.logAddExp(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(MixtureLikelihoodRatio.logAddExp(Math.log(2), Math.log(3))).isCloseTo(Math.log(5), within(1e-12));
        assertThat(MixtureLikelihoodRatio.logAddExp(0, -50)).isZero();
    }
}
