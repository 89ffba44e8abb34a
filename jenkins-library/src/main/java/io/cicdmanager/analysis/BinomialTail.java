package io.cicdmanager.analysis;

/**
 * P(X ≥ k) for X ~ Binomial(n, p): how likely a release whose true error rate is exactly {@code p} would show
 * {@code k} or more failures in {@code n} requests. Summed exactly from the log-space probability of k upward.
 */
public final class BinomialTail {
    private BinomialTail() {
    }

    public static double atLeast(long k, long n, double p) {
        if (k <= 0) {
            return 1;
        }
        if (k > n || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        double logTerm = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
        double term = Math.exp(logTerm);
        double sum = 0;
        double ratio = p / (1 - p);
        for (long i = k; i <= n; i++) {
            sum += term;
            if (term < sum * 1e-16 && i > n * p) {
                break;
            }
            term *= (double) (n - i) / (i + 1) * ratio;
        }
        return Math.min(1, sum);
    }

    static double logChoose(long n, long k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    static double logFactorial(long n) {
        if (n < 64) {
            double s = 0;
            for (long i = 2; i <= n; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double x = n + 1.0;
        // Stirling's series for ln Γ(x), accurate to ~1e-12 beyond 64.
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
