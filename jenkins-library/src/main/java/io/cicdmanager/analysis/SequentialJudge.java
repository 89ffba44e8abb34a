package io.cicdmanager.analysis;

import static io.cicdmanager.analysis.MixtureLikelihoodRatio.Family.RATE;
import static io.cicdmanager.analysis.MixtureLikelihoodRatio.Family.RATIO;

import io.cicdmanager.analysis.MixtureLikelihoodRatio.Spread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a canary with the stable track interval after interval and says FAIL as soon as the counts prove a
 * regression beyond the allowed margins, PASS once they prove the canary is not clearly bad, and INCONCLUSIVE until
 * then, with its false-alarm probability bounded however often it is asked (docs/analysis.md has the derivation).
 *
 * <p>The ratio: within an interval where the canary served N_c requests and the stable track N_s, and E bad
 * requests were seen on both together, the canary's expected share of them is ρN_c / (ρN_c + N_s) when bad
 * requests occur at rates p_c and p_s per request with ρ = p_c / p_s. Conditioning on E removes the stable
 * track's own rate, which may change from interval to interval (a bad hour for both tracks), and N_c, N_s may
 * change too (the traffic split moves). Mixed bets against the margin ρ = maxRatio, multiplied over intervals,
 * form a test supermartingale for "ρ ≤ maxRatio"; the reverse test, against ρ = badRatio, one for
 * "ρ ≥ badRatio".
 *
 * <p>Clustered failures: the bets are weighed by the counts' dispersion ({@link Dispersion}), estimated from the
 * stable track's pods window by window (or, with one pod, from how its windows stray from its recent rate; history
 * before the canary included, see {@link #learn}), or from how far
 * each interval's canary share strays from its recent level where that shows more. Until those show failures to be
 * nearly independent, the bets are linear in the counts, which keeps the bound under bursts of any size.
 *
 * <p>The absolute margin: a ratio above r and the canary's own rate above maxIncrease·r/(r−1) together imply an
 * increase above maxIncrease, so FAIL also waits for a one-sample test to prove the canary's rate above that floor.
 * Rejecting only when both tests have rejected is an intersection-union test: its error stays at alpha, no split.
 * PASS needs either the reverse ratio test or a one-sample test that the canary's rate is below badIncrease (which
 * rules out an increase of badIncrease); either may do it, so each gets half of beta.
 *
 * <p>One pod: where the counts tell the canary's pods apart, each pod is also judged against the stable track on
 * its own, so that one misbehaving pod among many is found and named rather than averaged away. The judge's alpha is
 * then split: half for the whole canary, half for its pods, the i-th pod to appear getting 1/(i(i+1)) of that half.
 */
public final class SequentialJudge {
    /** Spacing of the grids of alternatives: three per doubling. */
    private static final double STEP = Math.cbrt(2);
    /** How far the grids reach from their null value: up to 128 times (ratios) or down to 1/128. */
    private static final int POINTS = 21;

    private final JudgeSettings settings;
    private final int family;
    private final boolean perPod;
    private final Regression whole;
    private final MixtureLikelihoodRatio belowBadRatio;
    private final MixtureLikelihoodRatio belowBadIncrease;
    private final Map<String, Regression> pods = new LinkedHashMap<>();
    private final Clustering clustering = new Clustering();
    private RequestCounts canary = RequestCounts.NONE;
    private RequestCounts stable = RequestCounts.NONE;
    private final Map<String, RequestCounts> podTotals = new TreeMap<>();
    private int intervals;
    private JudgeVerdict verdict;

    /** A judge alone in its analysis, on counts whose pods it does not tell apart. */
    public SequentialJudge(JudgeSettings settings) {
        this(settings, 1, false);
    }

    /**
     * @param family how many judges share the analysis' alpha: each FAILs at family/alpha (Bonferroni), so that
     *               the analysis as a whole fails a canary within the margins with probability at most alpha
     * @param perPod whether the counts will tell the canary's pods apart, so that each pod is judged too
     */
    public SequentialJudge(JudgeSettings settings, int family, boolean perPod) {
        if (family < 1) {
            throw new IllegalArgumentException("a family has at least one judge, not " + family);
        }
        this.settings = settings;
        this.family = family;
        this.perPod = perPod;
        this.whole = new Regression(settings);
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

    /** The dispersion the judge weighs the next interval by. */
    Spread spread() {
        return clustering.spread();
    }

    /**
     * Learns how clustered the stable track's failures are from its counts before the canary, window by window
     * (oldest first). Carries no evidence about the canary.
     */
    public void learn(List<TrackCounts> stableWindows) {
        for (TrackCounts window : stableWindows) {
            clustering.learnStable(window.total(), window.pods().values(), window.pods().size());
        }
        verdict = decide();
    }

    /** Takes one interval's counts of both tracks, measured over the same span of time, and returns the verdict. */
    public JudgeVerdict observe(RequestCounts canaryInterval, RequestCounts stableInterval) {
        return observe(TrackCounts.of(canaryInterval), TrackCounts.of(stableInterval));
    }

    /** As {@link #observe(RequestCounts, RequestCounts)}, with each track's pods where the backend tells them apart. */
    public JudgeVerdict observe(TrackCounts canaryInterval, TrackCounts stableInterval) {
        intervals++;
        RequestCounts c = canaryInterval.total();
        RequestCounts s = stableInterval.total();
        canary = canary.plus(c);
        stable = stable.plus(s);
        Spread spread = spread();
        whole.observe(c, s, spread);
        if (c.requests() > 0 && s.requests() > 0 && c.bad() + s.bad() > 0) {
            belowBadRatio.updateRatio(c.bad(), c.bad() + s.bad(), c.requests(), s.requests(), spread);
        }
        if (c.requests() > 0 && belowBadIncrease != null) {
            belowBadIncrease.updateRate(c.bad(), c.requests(), spread);
        }
        if (perPod) {
            // Pods in order of first appearance (by name within one interval): the order fixes their share of alpha.
            for (Map.Entry<String, RequestCounts> pod : new TreeMap<>(canaryInterval.pods()).entrySet()) {
                pods.computeIfAbsent(pod.getKey(), k -> new Regression(settings)).observe(pod.getValue(), s, spread);
                podTotals.merge(pod.getKey(), pod.getValue(), RequestCounts::plus);
            }
        }
        // After the interval has been judged: what it says about the dispersion of the next ones.
        clustering.learnStable(s, stableInterval.pods().values(), stableInterval.pods().size());
        clustering.learnShare(c.bad(), s.bad(), c.requests(), s.requests());
        verdict = decide();
        return verdict;
    }

    private JudgeVerdict decide() {
        Map<String, Double> podsLog = new LinkedHashMap<>();
        pods.forEach((pod, test) -> podsLog.put(pod, test.logEvidence()));
        AlphaSplit.Finding finding = AlphaSplit.regression(settings.alpha(), family, perPod, whole.logEvidence(),
                podsLog);
        Evidence regression = finding.evidence();
        String culprit = finding.pod();
        RequestCounts culpritCounts = culprit == null ? null : podTotals.get(culprit);

        int passPaths = belowBadIncrease == null ? 1 : 2;
        double logNoRegression = belowBadIncrease == null ? belowBadRatio.logPeak()
                : Math.max(belowBadRatio.logPeak(), belowBadIncrease.logPeak());
        Evidence noRegression = Evidence.ofLog(logNoRegression, passPaths / settings.beta(), settings.beta());

        Verdict decision = regression.reached() ? Verdict.FAIL
                : noRegression.reached() ? Verdict.PASS : Verdict.INCONCLUSIVE;
        return new JudgeVerdict(decision, canary, stable, regression, noRegression, intervals, settings, family,
                perPod, culprit, culpritCounts, clustering.shown() ? spread().estimate() : Double.NaN);
    }

    /**
     * The tests behind FAIL for the canary as a whole or for one of its pods: the ratio to the stable track above
     * maxRatio and, with an absolute margin, the own rate above the floor.
     */
    private static final class Regression {
        final MixtureLikelihoodRatio worseRatio;
        final MixtureLikelihoodRatio aboveFloor;

        Regression(JudgeSettings settings) {
            worseRatio = mixture(RATIO, settings.maxRatio(), STEP, true);
            double floor = settings.regressionFloor();
            aboveFloor = floor > 0 ? mixture(RATE, floor, STEP, true) : null;
        }

        void observe(RequestCounts c, RequestCounts s, Spread spread) {
            long e = c.bad() + s.bad();
            // With no bad requests, or one track idle, the split of the bad ones says nothing about the ratio.
            if (c.requests() > 0 && s.requests() > 0 && e > 0) {
                worseRatio.updateRatio(c.bad(), e, c.requests(), s.requests(), spread);
            }
            if (c.requests() > 0 && aboveFloor != null) {
                aboveFloor.updateRate(c.bad(), c.requests(), spread);
            }
        }

        double logEvidence() {
            return aboveFloor == null ? worseRatio.logPeak() : Math.min(worseRatio.logPeak(), aboveFloor.logPeak());
        }
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
    static MixtureLikelihoodRatio mixture(MixtureLikelihoodRatio.Family family, double nullValue, double step,
            boolean restarts) {
        double[] alternatives = geometric(nullValue, step, family == RATE && step > 1);
        double[] weights = new double[alternatives.length];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = 1.0 / (k + 1);
        }
        return new MixtureLikelihoodRatio(family, nullValue, alternatives, weights, restarts);
    }
}
