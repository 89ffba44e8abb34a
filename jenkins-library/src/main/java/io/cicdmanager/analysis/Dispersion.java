package io.cicdmanager.analysis;

import java.util.Collection;

/**
 * How much more bad-request counts vary than independent requests would make them vary: the dispersion φ, 1 for
 * requests that fail independently, about 2b − 1 for failures that come in bursts of mean size b (client retries),
 * more when a track's rate wanders from interval to interval. The judge weighs its evidence by it
 * ({@link MixtureLikelihoodRatio}).
 *
 * <p>Estimated with Pearson's statistic: cells whose expected count is known (one track's pods in one window, each
 * expected at the window's pooled rate; or one interval's count against its expectation) add
 * (observed − expected)² / variance, and their degrees of freedom. Sparse cells (an expected count near 1 or below)
 * make the statistic far noisier than a χ² of the same degrees: its variance per cell is about 2 + 1/expected
 * instead of 2, so for the confidence bound each cell's degrees count 2 / (2 + 1/expected) times.
 *
 * <p>{@link #upperBound()} reads the estimate at a 95 % upper confidence bound (Wilson and Hilferty's approximation
 * of χ² quantiles) after a prior of {@value #PRIOR} on {@value #PRIOR_DEGREES} degrees of freedom: until the data
 * show otherwise, the judge assumes failures come in bursts of mean size 5.
 */
final class Dispersion {
    /** The dispersion assumed before any data: bursts of mean size 5 (2·5 − 1). */
    static final double PRIOR = 9;
    static final double PRIOR_DEGREES = 2;
    /** Beyond this the estimate says nothing more useful: the judge already bets as if failures were very clustered. */
    static final double MAX = 100;
    private static final double Z95 = 1.6448536269514722;

    private double pearson;
    private double degrees;
    private double effectiveDegrees;

    /**
     * One window of one track's pods (or any cells that share one rate): each cell's bad requests against its
     * requests times the pooled rate. Cells without requests carry nothing; fewer than two cells, or no bad
     * requests at all, carry nothing either (a pooled rate of 0 predicts 0 exactly).
     */
    void addCells(Collection<RequestCounts> cells) {
        long requests = 0;
        long bad = 0;
        int used = 0;
        for (RequestCounts c : cells) {
            if (c.requests() > 0) {
                requests += c.requests();
                bad += c.bad();
                used++;
            }
        }
        if (used < 2 || bad == 0 || bad == requests) {
            return;
        }
        double p = bad / (double) requests;
        double sum = 0;
        for (RequestCounts c : cells) {
            if (c.requests() > 0) {
                double expected = c.requests() * p;
                double deviation = c.bad() - expected;
                sum += deviation * deviation / (expected * (1 - p));
            }
        }
        add(sum, used - 1, (used - 1) * discount(bad / (double) used));
    }

    /** One count against its expectation, with the variance independent requests would give it. */
    void addResidual(double observed, double expected, double variance) {
        if (!(variance > 0) || !(expected > 0)) {
            return;
        }
        double deviation = observed - expected;
        add(deviation * deviation / variance, 1, discount(expected));
    }

    private void add(double statistic, double degreesOfFreedom, double effective) {
        pearson += statistic;
        degrees += degreesOfFreedom;
        effectiveDegrees += effective;
    }

    private static double discount(double expected) {
        return 2 / (2 + 1 / expected);
    }

    /** Everything the other estimate learned, as if seen here: history before the canary, for one. */
    void addAll(Dispersion other) {
        add(other.pearson, other.degrees, other.effectiveDegrees);
    }

    /** The point estimate, prior included, at least 1: what the judge sizes its bets by. */
    double estimate() {
        return Math.min(MAX, Math.max(1, (pearson + PRIOR * PRIOR_DEGREES) / (degrees + PRIOR_DEGREES)));
    }

    /**
     * The estimate at a 95 % upper confidence bound, prior included, at least 1 and at most {@value #MAX}: whether
     * counts may be weighed as nearly independent requests depends on this.
     */
    double upperBound() {
        double mean = (pearson + PRIOR * PRIOR_DEGREES) / (degrees + PRIOR_DEGREES);
        // mean / φ is about χ² on d degrees divided by d; its 5 % quantile bounds φ from above.
        double d = effectiveDegrees + PRIOR_DEGREES;
        double h = 2 / (9 * d);
        double lowerQuantile = Math.pow(Math.max(0, 1 - h - Z95 * Math.sqrt(h)), 3);
        if (lowerQuantile <= mean / MAX) {
            return MAX;
        }
        return Math.min(MAX, Math.max(1, mean / lowerQuantile));
    }

    /**
     * The estimate pulled towards {@code prior} as if that had been seen on {@code priorDegrees} degrees of
     * freedom, at least 1: for a source with few degrees of its own, such as the canary's intervals early on.
     */
    double estimateTowards(double prior, double priorDegrees) {
        return Math.min(MAX, Math.max(1, (pearson + prior * priorDegrees) / (degrees + priorDegrees)));
    }

    /** Degrees of freedom behind the estimate, discounted for sparse cells, without the prior's. */
    double effectiveDegrees() {
        return effectiveDegrees;
    }
}
