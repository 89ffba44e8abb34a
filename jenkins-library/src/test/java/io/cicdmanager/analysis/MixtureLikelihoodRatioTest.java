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
    void logAddExpHandlesEmptyAndNegligibleTerms() {
        assertThat(MixtureLikelihoodRatio.logAddExp(Double.NEGATIVE_INFINITY, 2)).isEqualTo(2);
        assertThat(MixtureLikelihoodRatio.logAddExp(2, Double.NEGATIVE_INFINITY)).isEqualTo(2);
        assertThat(MixtureLikelihoodRatio.logAddExp(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(MixtureLikelihoodRatio.logAddExp(Math.log(2), Math.log(3))).isCloseTo(Math.log(5), within(1e-12));
        assertThat(MixtureLikelihoodRatio.logAddExp(0, -50)).isZero();
    }
}
