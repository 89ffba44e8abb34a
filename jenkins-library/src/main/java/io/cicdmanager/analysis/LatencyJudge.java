package io.cicdmanager.analysis;

import static io.cicdmanager.analysis.MixtureLikelihoodRatio.Family.RATIO;

import io.cicdmanager.analysis.MixtureLikelihoodRatio.Spread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the canary's latency distribution with the stable track's, interval after interval, over the latency
 * histogram's buckets, with margins in latency terms: FAIL once the counts prove the canary's quantile (its P95, say)
 * higher than {@code allowed(stable's)} = max(maxRatio × stable's, stable's + maxIncrease), PASS once they prove it
 * below the clearly-bad level, INCONCLUSIVE until then; the false-alarm bound holds however often it looks.
 *
 * <p>How a quantile becomes counts: if the canary's q-quantile is at most allowed(x), where x is the stable's, then
 * at most a share 1 − q of the canary's answers are slower than allowed(x), while exactly 1 − q of the stable's are
 * slower than x. So in every interval the canary's answers slower than allowed(x) are compared with the stable's
 * slower than x, exactly as the error judge compares 5xx answers: the canary's share of the two together, given
 * both tracks' traffic, with the null "no larger a rate than the stable's" (ratio 1). For x the judge takes the
 * stable track's quantile over the intervals before (and the history before the canary), so that it is fixed
 * before the interval's counts are seen. Counting at the same moment on both tracks keeps a slow minute for
 * everyone (a database, a noisy neighbour) from reading as a regression.
 *
 * <p>Counts inside a bucket are interpolated linearly, as {@code histogram_quantile} does, so that coarse buckets
 * (the client libraries' defaults) still work: the judged quantile is the one Prometheus would show from the same
 * buckets. Latencies above the highest finite bucket cannot be told apart; intervals that would need them carry no
 * evidence.
 *
 * <p>Dispersion, late starts, the family's alpha and the canary's pods are handled as in {@link SequentialJudge}.
 */
public final class LatencyJudge {
    private static final double STEP = Math.cbrt(2);
    /** How fast the stable track's reference distribution forgets: about ten intervals. */
    private static final double RECENT = 0.9;

    private final LatencyJudgeSettings settings;
    private final int family;
    private final boolean perPod;
    private final MixtureLikelihoodRatio worse;
    private final MixtureLikelihoodRatio notClearlyBad;
    private final Map<String, MixtureLikelihoodRatio> pods = new LinkedHashMap<>();
    private final Clustering clustering = new Clustering();
    private CumulativeHistogram reference;
    private CumulativeHistogram canary;
    private CumulativeHistogram stable;
    private final Map<String, CumulativeHistogram> podTotals = new TreeMap<>();
    /** Over the judged intervals: the canary's answers slower than the allowed latency, and the stable's beyond x. */
    private double canarySlow;
    private double canaryCounted;
    private double stableSlow;
    private double stableCounted;
    private int intervals;
    private int judged;
    private LatencyVerdict verdict;

    public LatencyJudge(LatencyJudgeSettings settings, int family, boolean perPod) {
        this.settings = settings;
        this.family = family;
        this.perPod = perPod;
        this.worse = SequentialJudge.mixture(RATIO, 1, STEP, true);
        this.notClearlyBad = SequentialJudge.mixture(RATIO, 1, 1 / STEP, false);
        this.verdict = decide();
    }

    public LatencyJudgeSettings settings() {
        return settings;
    }

    public LatencyVerdict verdict() {
        return verdict;
    }

    /** One track's latency histogram over one interval, in all and per pod. */
    public record Histograms(CumulativeHistogram total, Map<String, CumulativeHistogram> pods) {
        public Histograms {
            pods = Map.copyOf(pods);
        }
    }

    /**
     * Learns the stable track's distribution and how clustered its slow answers are from its pods before the
     * canary: each window's histogram per pod.
     */
    public void learn(List<Map<String, CumulativeHistogram>> stablePodsByWindow) {
        for (Map<String, CumulativeHistogram> window : stablePodsByWindow) {
            CumulativeHistogram sum = null;
            for (CumulativeHistogram h : window.values()) {
                sum = sum == null ? h : sum.plus(h);
            }
            if (sum != null) {
                learnPods(window, sum);
                remember(sum);
            }
        }
        verdict = decide();
    }

    private void remember(CumulativeHistogram stableInterval) {
        reference = reference == null ? stableInterval : reference.times(RECENT).plus(stableInterval);
    }

    /** The stable track's answers slower than its quantile, per pod: how clustered slow answers are. */
    private void learnPods(Map<String, CumulativeHistogram> window, CumulativeHistogram sum) {
        double x = reference == null ? sum.quantile(settings.quantile()) : reference.quantile(settings.quantile());
        if (!(x < sum.highestBound())) {
            return;
        }
        List<RequestCounts> cells = new ArrayList<>();
        for (CumulativeHistogram h : window.values()) {
            cells.add(slower(h, x));
        }
        clustering.learnStable(slower(sum, x), cells, cells.size());
    }

    private static RequestCounts slower(CumulativeHistogram h, double x) {
        long n = Math.round(h.count());
        return new RequestCounts(n, Math.min(n, Math.max(0, Math.round(h.countAbove(x)))));
    }

    Spread spread() {
        return clustering.spread();
    }

    /** Takes one interval's histograms of both tracks, over the same span of time, and returns the verdict. */
    public LatencyVerdict observe(Histograms canaryInterval, Histograms stableInterval) {
        intervals++;
        CumulativeHistogram c = canaryInterval.total();
        CumulativeHistogram s = stableInterval.total();
        canary = canary == null ? c : canary.plus(c);
        stable = stable == null ? s : stable.plus(s);
        if (perPod) {
            canaryInterval.pods().forEach((pod, h) -> podTotals.merge(pod, h, CumulativeHistogram::plus));
        }
        double x = reference == null ? Double.NaN : reference.quantile(settings.quantile());
        double allowed = settings.allowed(x);
        double highest = s.highestBound();
        Spread spread = spread();
        if (Double.isFinite(x) && x < highest && c.count() > 0 && s.count() > 0) {
            double stableBeyond = s.countAbove(x);
            if (allowed <= highest) {
                double canaryBeyond = c.countAbove(allowed);
                judged++;
                canarySlow += canaryBeyond;
                canaryCounted += c.count();
                stableSlow += stableBeyond;
                stableCounted += s.count();
                if (canaryBeyond + stableBeyond > 0) {
                    worse.updateRatio(canaryBeyond, canaryBeyond + stableBeyond, c.count(), s.count(), spread);
                    clustering.learnShare(canaryBeyond, stableBeyond, c.count(), s.count());
                }
                if (perPod) {
                    for (Map.Entry<String, CumulativeHistogram> pod : new TreeMap<>(canaryInterval.pods()).entrySet()) {
                        CumulativeHistogram h = pod.getValue();
                        MixtureLikelihoodRatio test = pods.computeIfAbsent(pod.getKey(),
                                k -> SequentialJudge.mixture(RATIO, 1, STEP, true));
                        double beyond = h.countAbove(allowed);
                        if (h.count() > 0 && beyond + stableBeyond > 0) {
                            test.updateRatio(beyond, beyond + stableBeyond, h.count(), s.count(), spread);
                        }
                    }
                }
            }
            double bad = settings.clearlyBad(x);
            if (bad <= highest) {
                double canaryBad = c.countAbove(bad);
                if (canaryBad + stableBeyond > 0) {
                    notClearlyBad.updateRatio(canaryBad, canaryBad + stableBeyond, c.count(), s.count(), spread);
                }
            }
            learnPods(stableInterval.pods(), s);
        }
        remember(s);
        verdict = decide();
        return verdict;
    }

    private LatencyVerdict decide() {
        Map<String, Double> podsLog = new LinkedHashMap<>();
        pods.forEach((pod, test) -> podsLog.put(pod, test.logPeak()));
        AlphaSplit.Finding finding = AlphaSplit.regression(settings.alpha(), family, perPod, worse.logPeak(), podsLog);
        Evidence regression = finding.evidence();
        String culprit = finding.pod();
        Evidence noRegression = Evidence.ofLog(notClearlyBad.logPeak(), 1 / settings.beta(), settings.beta());
        Verdict decision = regression.reached() ? Verdict.FAIL
                : noRegression.reached() ? Verdict.PASS : Verdict.INCONCLUSIVE;
        CumulativeHistogram judgedCanary = culprit == null ? canary : podTotals.get(culprit);
        double q = settings.quantile();
        return new LatencyVerdict(decision, settings, family, perPod, culprit,
                judgedCanary == null ? Double.NaN : judgedCanary.quantile(q),
                stable == null ? Double.NaN : stable.quantile(q),
                canaryCounted == 0 ? Double.NaN : canarySlow / canaryCounted,
                stableCounted == 0 ? Double.NaN : stableSlow / stableCounted,
                regression, noRegression, intervals, judged, spread().estimate());
    }
}
