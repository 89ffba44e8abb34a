package io.cicdmanager.analysis;

import java.util.Arrays;

/**
 * A test supermartingale for a one-parameter hypothesis about bad requests: per interval, a factor that bets on an
 * alternative against the boundary value of the null, multiplied over intervals and mixed over a grid of
 * alternatives (and, optionally, over the interval at which the evidence starts to count). Under the null its
 * expected value never exceeds 1 whatever the stopping rule, so by Ville's inequality it reaches 1/alpha with
 * probability at most alpha, however often it is looked at.
 *
 * <p>Two families: {@link Family#RATE}, the canary's own bad rate p with x bad of n requests; and
 * {@link Family#RATIO}, the ratio ρ of the canary's rate to the stable's, seen through the canary's share x of the
 * interval's n bad requests, whose expected value is ρ·n_c / (ρ·n_c + n_s) of them.
 *
 * <p>Each interval's factor depends on the dispersion φ of the counts ({@link Dispersion}): how much more they vary
 * than independent requests would make them. While its upper confidence bound is at most
 * {@value #LIKELIHOOD_UP_TO}, the factor is the likelihood ratio of a beta-binomial with the estimated dispersion
 * (the binomial itself at φ = 1), which makes full use of counts that are nearly independent. Above it, for an
 * alternative above the null, the factor is a bet linear in the count, 1 + b·(x − n·p₀)/(n·p₀), whose expected value
 * under the null is at most 1 for any distribution of x with mean at most n·p₀: bursts of any size, rates that
 * wander, anything. The stake b is what a likelihood ratio would bet to first order, divided by the estimated
 * dispersion, and at most {@value #MAX_STAKE} so that no single interval can wipe an alternative out. For an
 * alternative below the null (proving a rate lower), a linear bet could win at most a factor 1/(1 − p₀) an
 * interval; there the factor is the binomial likelihood ratio tempered by the dispersion's upper bound
 * (quasi-likelihood), which stays valid under clustering because the extreme count it rewards, none at all, has a
 * bounded likelihood ratio (docs/analysis.md shows the measurements).
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
    /** The dispersion (upper bound) up to which counts are weighed by their likelihood ratio. */
    static final double LIKELIHOOD_UP_TO = 1.5;
    /** The largest share of an alternative's evidence a linear bet stakes on one interval. */
    static final double MAX_STAKE = 0.9;
    /** Below this intra-class correlation the beta-binomial is the binomial to double precision. */
    private static final double NO_CORRELATION = 1e-7;
    /** Above this the beta-binomial is nearly all-or-nothing; the linear bet covers that range anyway. */
    private static final double MAX_CORRELATION = 0.95;

    /** What the parameter is. */
    enum Family {
        RATE, RATIO
    }

    /** How clustered the counts are: the dispersion's upper confidence bound, and its point estimate. */
    record Spread(double upper, double estimate) {
        /** Requests known to fail independently: the binomial likelihood ratio, as for Poisson counts. */
        static final Spread INDEPENDENT = new Spread(1, 1);

        static Spread of(Dispersion dispersion) {
            return new Spread(dispersion.upperBound(), dispersion.estimate());
        }

        boolean likelihood() {
            return upper <= LIKELIHOOD_UP_TO;
        }
    }

    private final Family family;
    private final double nullValue;
    private final double[] alternatives;
    private final double[] logWeights;
    private final boolean restarts;
    /** Per alternative: log of the sum over the starts so far of weight × product of factors since that start. */
    private final double[] logSums;
    private final double[] intervalLogFactors;
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
        for (int i = 0; i < k; i++) {
            logWeights[i] = Math.log(weights[i] / total);
        }
        this.logSums = new double[k];
        Arrays.fill(logSums, Double.NEGATIVE_INFINITY);
        this.intervalLogFactors = new double[k];
    }

    /** One interval of the canary's own counts, from independent requests. */
    void updateRate(long bad, long requests) {
        updateRate(bad, requests, Spread.INDEPENDENT);
    }

    /** One interval of the canary's own counts: {@code bad} of {@code requests} (family {@link Family#RATE}). */
    void updateRate(double bad, double requests, Spread spread) {
        requireFamily(Family.RATE);
        for (int i = 0; i < alternatives.length; i++) {
            intervalLogFactors[i] = logFactor(bad, requests, nullValue, alternatives[i], spread);
        }
        multiply();
    }

    /** One interval of both tracks, from independent requests. */
    void updateRatio(long canaryBad, long bad, long canaryRequests, long stableRequests) {
        updateRatio(canaryBad, bad, canaryRequests, stableRequests, Spread.INDEPENDENT);
    }

    /**
     * One interval of both tracks (family {@link Family#RATIO}): {@code canaryBad} of the {@code bad} requests
     * both tracks had, the canary serving {@code canaryRequests} and the stable track {@code stableRequests}.
     */
    void updateRatio(double canaryBad, double bad, double canaryRequests, double stableRequests, Spread spread) {
        requireFamily(Family.RATIO);
        double nullShare = share(nullValue, canaryRequests, stableRequests);
        for (int i = 0; i < alternatives.length; i++) {
            intervalLogFactors[i] = logFactor(canaryBad, bad, nullShare,
                    share(alternatives[i], canaryRequests, stableRequests), spread);
        }
        multiply();
    }

    /** The canary's expected share of both tracks' bad requests when its rate is {@code ratio} times the stable's. */
    static double share(double ratio, double canaryRequests, double stableRequests) {
        return ratio * canaryRequests / (ratio * canaryRequests + stableRequests);
    }

    /**
     * The log of one interval's factor for the alternative {@code p1} against the null {@code p0}, with {@code x}
     * of {@code n} counted: a (beta-)binomial likelihood ratio where counts are nearly independent, a linear bet
     * where they are not (see the class comment).
     */
    static double logFactor(double x, double n, double p0, double p1, Spread spread) {
        if (n <= 0) {
            return 0;
        }
        if (spread.likelihood()) {
            double correlation = n > 1 ? Math.min(MAX_CORRELATION, (spread.estimate() - 1) / (n - 1)) : 0;
            if (correlation < NO_CORRELATION) {
                return x * Math.log(p1 / p0) + (n - x) * (Math.log1p(-p1) - Math.log1p(-p0));
            }
            return logBetaBinomial(x, n, p1, correlation) - logBetaBinomial(x, n, p0, correlation);
        }
        double binomial = x * Math.log(p1 / p0) + (n - x) * (Math.log1p(-p1) - Math.log1p(-p0));
        if (p1 < p0) {
            // Evidence that the rate is lower: a clustered count's extreme is none at all, whose likelihood ratio
            // is bounded, so the binomial's tempered by the dispersion keeps its expectation at most 1.
            return binomial / spread.upper();
        }
        double stake = Math.min(MAX_STAKE, n * p0 * (p1 - p0) / (spread.estimate() * p1 * (1 - p1)));
        return Math.log1p(stake * (x - n * p0) / (n * p0));
    }

    /**
     * The log of the beta-binomial probability of x of n with mean share p and intra-class correlation ρ, without
     * the binomial coefficient (which cancels in a ratio): log B(x + a, n − x + b) − log B(a, b), with
     * a = p(1 − ρ)/ρ and b = (1 − p)(1 − ρ)/ρ, so that its variance is n·p(1 − p)·(1 + (n − 1)ρ).
     */
    static double logBetaBinomial(double x, double n, double p, double correlation) {
        double scale = (1 - correlation) / correlation;
        double a = p * scale;
        double b = (1 - p) * scale;
        return logGamma(x + a) - logGamma(a) + logGamma(n - x + b) - logGamma(b) - logGamma(n + scale)
                + logGamma(scale);
    }

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    /** log Γ(x) for x &gt; 0, by Lanczos' approximation (g = 7): about 15 significant digits. */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
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
            logSums[i] = logAddExp(logSums[i], logStart) + intervalLogFactors[i];
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
