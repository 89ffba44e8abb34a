package io.cicdmanager.analysis;

import java.util.SplittableRandom;

/**
 * Seeded draws of request and failure counts for the judge's statistical tests: exact Poisson and binomial
 * sampling (by inversion over chunks small enough that no probability underflows), so that a false-alarm rate
 * measured here is the judge's, not the sampler's.
 */
final class CountSampler {
    /** Mean per chunk: e^-20 is far from underflow, and inversion costs about the mean. */
    private static final double CHUNK_MEAN = 20;

    private final SplittableRandom random;

    CountSampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    double uniform() {
        return random.nextDouble();
    }

    double gaussian() {
        return random.nextGaussian();
    }

    /**
     * A request count around {@code mean}: Poisson for small means, its normal approximation for large ones. The
     * judge conditions on request counts, so their exact law does not matter to its error bounds; their speed does
     * to the tests.
     */
    long requests(double mean) {
        if (mean < 50) {
            return poisson(mean);
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }

    long poisson(double mean) {
        long total = 0;
        double left = mean;
        while (left > 0) {
            double chunk = Math.min(left, CHUNK_MEAN);
            total += poissonByInversion(chunk);
            left -= chunk;
        }
        return total;
    }

    private long poissonByInversion(double mean) {
        double u = random.nextDouble();
        double p = Math.exp(-mean);
        double cdf = p;
        long k = 0;
        while (u > cdf && p > 0) {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }

    /** A geometric count on 1, 2, … with mean {@code mean} (1 for a mean of 1 or less). */
    long geometric(double mean) {
        if (mean <= 1) {
            return 1;
        }
        return 1 + (long) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / mean));
    }

    long binomial(long n, double p) {
        if (p <= 0 || n == 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(n, 1 - p);
        }
        long chunk = Math.max(1, (long) (CHUNK_MEAN / p));
        long total = 0;
        for (long done = 0; done < n; done += chunk) {
            total += binomialByInversion(Math.min(chunk, n - done), p);
        }
        return total;
    }

    private long binomialByInversion(long n, double p) {
        double u = random.nextDouble();
        double odds = p / (1 - p);
        double prob = Math.exp(n * Math.log1p(-p));
        double cdf = prob;
        long k = 0;
        while (u > cdf && k < n) {
            prob *= (n - k) / (double) (k + 1) * odds;
            k++;
            cdf += prob;
        }
        return k;
    }
}
