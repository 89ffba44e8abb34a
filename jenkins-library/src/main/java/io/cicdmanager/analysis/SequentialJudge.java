package io.cicdmanager.analysis;

import static io.cicdmanager.analysis.MixtureLikelihoodRatio.Family.RATE;
import static io.cicdmanager.analysis.MixtureLikelihoodRatio.Family.RATIO;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a canary with the stable track interval after interval and says FAIL as soon as the counts prove a
 * regression beyond the allowed margins, PASS once they prove the canary is not clearly bad, and INCONCLUSIVE until
 * then, with its false-alarm probability bounded however often it is asked (docs/analysis.md has the derivation).
 *
 * <p>The ratio: within an interval where the canary served N_c requests and the stable track N_s, and E bad
 * requests were seen on both together, the canary's share of them is Binomial(E, ρN_c / (ρN_c + N_s)) when bad
 * requests occur at rates p_c and p_s per request with ρ = p_c / p_s. Conditioning on E removes the stable
 * track's own rate, which may change from interval to interval (a bad hour for both tracks), and N_c, N_s may
 * change too (the traffic split moves). Mixed likelihood ratios against the margin ρ = maxRatio, multiplied over
 * intervals, form a test supermartingale for "ρ ≤ maxRatio"; the reverse test, against ρ = badRatio, one for
 * "ρ ≥ badRatio".
 *
 * <p>The absolute margin: a ratio above r and the canary's own rate above maxIncrease·r/(r−1) together imply an
 * increase above maxIncrease, so FAIL also waits for a one-sample test to prove the canary's rate above that floor.
 * Rejecting only when both tests have rejected is an intersection-union test: its error stays at alpha, no split.
 * PASS needs either the reverse ratio test or a one-sample test that the canary's rate is below badIncrease (which
 * rules out an increase of badIncrease); either may do it, so each gets half of beta.
 */
public final class SequentialJudge {
    /** Spacing of the grids of alternatives: three per doubling. */
    private static final double STEP = Math.cbrt(2);
    /** How far the grids reach from their null value: up to 128 times (ratios) or down to 1/128. */
    private static final int POINTS = 21;

    private final JudgeSettings settings;
    private final MixtureLikelihoodRatio worseRatio;
    private final MixtureLikelihoodRatio aboveFloor;
    private final MixtureLikelihoodRatio belowBadRatio;
    private final MixtureLikelihoodRatio belowBadIncrease;
    private RequestCounts canary = RequestCounts.NONE;
    private RequestCounts stable = RequestCounts.NONE;
    private int intervals;
    private JudgeVerdict verdict;

    public SequentialJudge(JudgeSettings settings) {
        this.settings = settings;
        this.worseRatio = mixture(RATIO, settings.maxRatio(), STEP, true);
        double floor = settings.regressionFloor();
        this.aboveFloor = floor > 0 ? mixture(RATE, floor, STEP, true) : null;
        this.belowBadRatio = mixture(RATIO, settings.badRatio(), 1 / STEP, false);
        this.belowBadIncrease = settings.badIncrease() > 0 ? mixture(RATE, settings.badIncrease(), 1 / STEP, false)
                : null;
        this.verdict = decide();
    }

    public JudgeSettings settings() {
        return settings;
    }

    /** The verdict on the intervals seen so far. */
    public JudgeVerdict verdict() {
        return verdict;
    }

    /** Takes one interval's counts of both tracks, measured over the same span of time, and returns the verdict. */
    public JudgeVerdict observe(RequestCounts canaryInterval, RequestCounts stableInterval) {
        intervals++;
        canary = canary.plus(canaryInterval);
        stable = stable.plus(stableInterval);
        long nc = canaryInterval.requests();
        long ns = stableInterval.requests();
        long x = canaryInterval.bad();
        long e = x + stableInterval.bad();
        // With no bad requests, or one track idle, the split of the bad ones says nothing about the ratio.
        if (nc > 0 && ns > 0 && e > 0) {
            worseRatio.updateRatio(x, e, nc, ns);
            belowBadRatio.updateRatio(x, e, nc, ns);
        }
        if (nc > 0) {
            if (aboveFloor != null) {
                aboveFloor.updateRate(x, nc);
            }
            if (belowBadIncrease != null) {
                belowBadIncrease.updateRate(x, nc);
            }
        }
        verdict = decide();
        return verdict;
    }

    private JudgeVerdict decide() {
        double failThreshold = 1 / settings.alpha();
        double logRegression = aboveFloor == null ? worseRatio.logPeak()
                : Math.min(worseRatio.logPeak(), aboveFloor.logPeak());
        Evidence regression = Evidence.ofLog(logRegression, failThreshold, settings.alpha());

        int passPaths = belowBadIncrease == null ? 1 : 2;
        double logNoRegression = belowBadIncrease == null ? belowBadRatio.logPeak()
                : Math.max(belowBadRatio.logPeak(), belowBadIncrease.logPeak());
        Evidence noRegression = Evidence.ofLog(logNoRegression, passPaths / settings.beta(), settings.beta());

        Verdict decision = regression.reached() ? Verdict.FAIL
                : noRegression.reached() ? Verdict.PASS : Verdict.INCONCLUSIVE;
        return new JudgeVerdict(decision, canary, stable, regression, noRegression, intervals, settings);
    }

    /**
     * start·step^k for k = 1, 2, … up to {@link #POINTS} points: ratios upwards without limit, rates upwards while
     * below 1, and downwards towards 0.
     */
    static double[] geometric(double start, double step, boolean belowOne) {
        List<Double> points = new ArrayList<>();
        for (double v = start * step; points.size() < POINTS && !(belowOne && v >= 1); v *= step) {
            points.add(v);
        }
        if (points.isEmpty()) {
            // A floor so close to 1 that one step overshoots: the one alternative left is between it and 1.
            points.add((start + 1) / 2);
        }
        return points.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Prior weight 1/k on the k-th alternative from the null value: effects close to the margin need every nat of
     * evidence, while large ones pile up evidence so fast that a smaller weight costs them little.
     */
    private static MixtureLikelihoodRatio mixture(MixtureLikelihoodRatio.Family family, double nullValue, double step,
            boolean restarts) {
        double[] alternatives = geometric(nullValue, step, family == RATE && step > 1);
        double[] weights = new double[alternatives.length];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = 1.0 / (k + 1);
        }
        return new MixtureLikelihoodRatio(family, nullValue, alternatives, weights, restarts);
    }
}
