package io.cicdmanager.analysis;

import io.cicdmanager.analysis.MixtureLikelihoodRatio.Spread;

/**
 * How clustered a judge's counts are, learnt as they come: the stable track's bad requests window by window (its
 * pods against each other where it has two or more, which shows clustering within the track whatever the whole
 * track does; else each window against the track's recent rate), and the canary's share of each interval's bad
 * requests against its recent level, which shows the canary's own clustering or wandering. The judge weighs the next
 * interval by {@link #spread()}.
 */
final class Clustering {
    /** How fast the recent levels forget: about ten windows. */
    private static final double RECENT = 0.9;
    /** How many degrees of freedom the stable track's estimate counts as, while the canary's intervals are few. */
    private static final double CANARY_PRIOR_DEGREES = 8;
    /** Degrees of freedom from which the estimate rests more on the counts than on the prior. */
    private static final double SHOWN = 10;
    /** A window that makes up more of the level than this says little about how counts stray from it. */
    private static final double MAX_LEVERAGE = 0.5;

    private final Dispersion stable = new Dispersion();
    private final Dispersion canary = new Dispersion();
    private double stableBad;
    private double stableRequests;
    private final double[] share = new double[4];

    /** One window of the stable track's counts: the whole track's and, where the backend tells them apart, its pods'. */
    void learnStable(RequestCounts total, Iterable<RequestCounts> pods, int podCount) {
        if (podCount >= 2) {
            java.util.List<RequestCounts> cells = new java.util.ArrayList<>();
            pods.forEach(cells::add);
            stable.addCells(cells);
            return;
        }
        if (total.requests() == 0) {
            return;
        }
        stableBad = RECENT * stableBad + total.bad();
        stableRequests = RECENT * stableRequests + total.requests();
        // Against a level that includes the window itself, whose own share of it (the leverage) is divided out:
        // a level from the windows before would add its own noise to every residual.
        double leverage = total.requests() / stableRequests;
        if (stableBad > 0 && leverage < MAX_LEVERAGE) {
            double rate = stableBad / stableRequests;
            double expected = total.requests() * rate;
            stable.addResidual(total.bad(), expected, expected * (1 - rate) * (1 - leverage));
        }
    }

    /** One interval of both tracks, after it was judged: the canary's share of the bad requests against its recent level. */
    void learnShare(double canaryBad, double stableBad, double canaryRequests, double stableRequests) {
        if (canaryRequests <= 0 || stableRequests <= 0) {
            return;
        }
        double bad = canaryBad + stableBad;
        double[] now = {canaryBad, canaryRequests, stableBad, stableRequests};
        for (int i = 0; i < share.length; i++) {
            share[i] = RECENT * share[i] + now[i];
        }
        double leverage = bad / (share[0] + share[2]);
        if (bad > 0 && share[0] > 0 && share[2] > 0 && leverage < MAX_LEVERAGE) {
            double ratio = (share[0] / share[1]) / (share[2] / share[3]);
            double expected = MixtureLikelihoodRatio.share(ratio, canaryRequests, stableRequests);
            canary.addResidual(canaryBad, bad * expected, bad * expected * (1 - expected) * (1 - leverage));
        }
    }

    /** Whether the counts have shown how clustered they are, or the judge still goes by its cautious prior. */
    boolean shown() {
        return stable.effectiveDegrees() + canary.effectiveDegrees() >= SHOWN;
    }

    /**
     * The dispersion to weigh the next interval by: the stable track's (its upper bound, so that it takes evidence to
     * believe the counts independent), or the canary's own where its intervals show more, its few degrees pulled
     * towards the stable's estimate.
     */
    Spread spread() {
        double own = canary.estimateTowards(stable.estimate(), CANARY_PRIOR_DEGREES);
        return new Spread(Math.max(stable.upperBound(), own), Math.max(stable.estimate(), own));
    }
}
