package io.cicdmanager.analysis;

import java.util.Arrays;

/**
 * A test supermartingale for a one-parameter hypothesis about bad requests: likelihood ratios of alternatives
 * against the boundary value of the null, multiplied over intervals and mixed over a grid of alternatives (and,
 * optionally, over the interval at which the evidence starts to count). Under the null its expected value never
 * exceeds 1 whatever the stopping rule, so by Ville's inequality it reaches 1/alpha with probability at most
 * alpha, however often it is looked at.
 *
 * <p>Two families: {@link Family#RATE}, the canary's own bad rate p with Binomial(n, p) counts; and
 * {@link Family#RATIO}, the ratio ρ of the canary's rate to the stable's, seen through the canary's share x of the
 * interval's e bad requests, Binomial(e, ρ·n_c / (ρ·n_c + n_s)). Both likelihood ratios are monotone in x, so the
 * boundary value is the worst case of a one-sided null and the product stays a supermartingale under all of it.
 *
 * <p>Starting points: a fixed mixture weighs all evidence from the first interval on, so a canary that was healthy
 * for an hour and then turned bad must first undo an hour of evidence against the alternative. With
 * {@code restarts}, the process is the mixture over start intervals j, with weights w(1) = 1/2 and
 * w(j) = 1/(2(j-1)j) for j &gt; 1 (summing to 1), of the products from j on, each taken as 1 before it starts.
 * Every term is a supermartingale starting at 1, so the mixture is one too; the price of a late start is
 * log(1/w(j)) nats of evidence instead of everything accumulated before it.
 */
final class MixtureLikelihoodRatio {
    /** Below e^-40 of the leading term a sum's other terms vanish in double precision. */
    private static final double NEGLIGIBLE = -40;

    /** What the parameter is. */
    enum Family {
        RATE, RATIO
    }

    private final Family family;
    private final double nullValue;
    private final double[] alternatives;
    private final double[] logWeights;
    private final boolean restarts;
    /** Per alternative: log(alternative / null value). */
    private final double[] logParameterRatios;
    /** Per alternative, for rates: log((1 − alternative) / (1 − null value)). */
    private final double[] logComplementRatios;
    /** Per alternative: log of the sum over the starts so far of weight × product of ratios since that start. */
    private final double[] logSums;
    private final double[] intervalLogRatios;
    private int updates;
    private double logValue;
    private double logPeak;

    /**
     * @param nullValue    the boundary of the null hypothesis
     * @param alternatives the grid of alternative values, all on one side of it
     * @param weights      their prior weights, positive; normalised here
     * @param restarts     whether evidence may also start counting at later intervals (see the class comment)
     */
    MixtureLikelihoodRatio(Family family, double nullValue, double[] alternatives, double[] weights,
            boolean restarts) {
        if (alternatives.length == 0 || alternatives.length != weights.length) {
            throw new IllegalArgumentException("need one positive weight per alternative");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("weights must be positive");
            }
            total += w;
        }
        this.family = family;
        this.nullValue = nullValue;
        this.alternatives = alternatives.clone();
        this.restarts = restarts;
        int k = alternatives.length;
        this.logWeights = new double[k];
        this.logParameterRatios = new double[k];
        this.logComplementRatios = new double[k];
        for (int i = 0; i < k; i++) {
            logWeights[i] = Math.log(weights[i] / total);
            logParameterRatios[i] = Math.log(alternatives[i] / nullValue);
            if (family == Family.RATE) {
                logComplementRatios[i] = Math.log1p(-alternatives[i]) - Math.log1p(-nullValue);
            }
        }
        this.logSums = new double[k];
        Arrays.fill(logSums, Double.NEGATIVE_INFINITY);
        this.intervalLogRatios = new double[k];
    }

    /** One interval of the canary's own counts: {@code bad} of {@code requests} (family {@link Family#RATE}). */
    void updateRate(long bad, long requests) {
        requireFamily(Family.RATE);
        for (int i = 0; i < alternatives.length; i++) {
            intervalLogRatios[i] = bad * logParameterRatios[i] + (requests - bad) * logComplementRatios[i];
        }
        multiply();
    }

    /**
     * One interval of both tracks (family {@link Family#RATIO}): {@code canaryBad} of the {@code bad} requests
     * both tracks had, the canary serving {@code canaryRequests} and the stable track {@code stableRequests}.
     */
    void updateRatio(long canaryBad, long bad, long canaryRequests, long stableRequests) {
        requireFamily(Family.RATIO);
        double logNullTotal = Math.log(nullValue * canaryRequests + stableRequests);
        for (int i = 0; i < alternatives.length; i++) {
            intervalLogRatios[i] = canaryBad * logParameterRatios[i]
                    + bad * (logNullTotal - Math.log(alternatives[i] * canaryRequests + stableRequests));
        }
        multiply();
    }

    private void requireFamily(Family expected) {
        if (family != expected) {
            throw new IllegalStateException("a " + family + " mixture takes no " + expected + " counts");
        }
    }

    private void multiply() {
        updates++;
        double logStart = Math.log(startWeight(updates));
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < alternatives.length; i++) {
            logSums[i] = logAddExp(logSums[i], logStart) + intervalLogRatios[i];
            max = Math.max(max, logWeights[i] + logSums[i]);
        }
        double sum = 0;
        for (int i = 0; i < alternatives.length; i++) {
            double term = logWeights[i] + logSums[i] - max;
            if (term > NEGLIGIBLE) {
                sum += Math.exp(term);
            }
        }
        double mixed = max == Double.NEGATIVE_INFINITY ? max : max + Math.log(sum);
        double notStarted = restarts ? 1.0 / (2.0 * updates) : 0;
        logValue = logAddExp(mixed, Math.log(notStarted));
        logPeak = Math.max(logPeak, logValue);
    }

    private double startWeight(int interval) {
        if (!restarts) {
            return interval == 1 ? 1 : 0;
        }
        return interval == 1 ? 0.5 : 0.5 / ((interval - 1.0) * interval);
    }

    /** The natural log of the current value; 0 before any evidence. */
    double logValue() {
        return logValue;
    }

    /** The largest {@link #logValue()} so far: the test rejects once this reaches log(1/alpha). */
    double logPeak() {
        return logPeak;
    }

    int updates() {
        return updates;
    }

    /** log(e^a + e^b), exactly enough and without overflow. */
    static double logAddExp(double a, double b) {
        double max = Math.max(a, b);
        double min = Math.min(a, b);
        if (min - max < NEGLIGIBLE || min == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(min - max));
    }
}
