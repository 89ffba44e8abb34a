package io.cicdmanager.analysis;

import java.util.List;

/**
 * One track's latency histogram as Prometheus scrapes it, for the judge's tests: log-normal latencies (spread 0.5)
 * with a given P95 fall into buckets, the cumulative counters grow scrape by scrape, a pod restart sets them back
 * to zero, and each scrape is read back through {@link CumulativeHistogram#increase} and
 * {@link CumulativeHistogram#slowerThan(double)}.
 *
 * <p>The number of requests slower than the judged bound is drawn exactly (binomial); only that split reaches the
 * judge, so the requests on each side of it are spread over their buckets by expected shares, which is cheap.
 */
final class LatencyTrack {
    private static final double[] BOUNDS = {0.05, 0.1, 0.125, 0.15, 0.2, 0.25, 0.5, 1, Double.POSITIVE_INFINITY};
    private static final double SIGMA = 0.5;
    private static final double Z95 = 1.6448536269514722;

    private final double bound;
    private final boolean[] slowBucket = new boolean[BOUNDS.length];
    private final double[] shares = new double[BOUNDS.length];
    private final double slowShare;
    private double[] counters = new double[BOUNDS.length];
    private CumulativeHistogram last = histogram();

    /** Latencies with the given P95, judged against the bucket bound {@code bound} (one of the buckets: 0.05, 0.1, 0.125, 0.15, 0.2, 0.25, 0.5, 1 s). */
    LatencyTrack(double p95Seconds, double bound) {
        this.bound = bound;
        double mu = Math.log(p95Seconds) - Z95 * SIGMA;
        double below = 0;
        double slow = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            double cdf = i == BOUNDS.length - 1 ? 1 : normalCdf((Math.log(BOUNDS[i]) - mu) / SIGMA);
            shares[i] = cdf - below;
            below = cdf;
            slowBucket[i] = BOUNDS[i] > bound;
            if (slowBucket[i]) {
                slow += shares[i];
            }
        }
        this.slowShare = slow;
    }

    /** The share of requests slower than the bound. */
    double slowShare() {
        return slowShare;
    }

    /** Starts a new run: counters at zero. */
    void restart() {
        counters = new double[BOUNDS.length];
        last = histogram();
    }

    /** Serves {@code requests}, restarting the pods first if asked, scrapes, and counts the slow ones since the last scrape. */
    RequestCounts scrape(CountSampler sampler, long requests, boolean restartFirst) {
        if (restartFirst) {
            counters = new double[BOUNDS.length];
        }
        long slow = sampler.binomial(requests, slowShare);
        long fastLeft = requests - slow;
        long slowLeft = slow;
        double cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            boolean isSlow = slowBucket[i];
            double sideShare = isSlow ? slowShare : 1 - slowShare;
            boolean lastOfSide = i == BOUNDS.length - 1 || (!isSlow && slowBucket[i + 1]);
            long side = isSlow ? slow : requests - slow;
            long inBucket = lastOfSide ? (isSlow ? slowLeft : fastLeft)
                    : Math.min(isSlow ? slowLeft : fastLeft, Math.round(side * shares[i] / sideShare));
            if (isSlow) {
                slowLeft -= inBucket;
            } else {
                fastLeft -= inBucket;
            }
            cumulative += inBucket;
            counters[i] += cumulative;
        }
        CumulativeHistogram now = histogram();
        RequestCounts counted = CumulativeHistogram.increase(List.of(last, now)).slowerThan(bound);
        last = now;
        return counted;
    }

    private CumulativeHistogram histogram() {
        return CumulativeHistogram.of(BOUNDS, counters);
    }

    /** Abramowitz and Stegun 7.1.26 through erf: good to 1e-7, plenty for bucket shares. */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
