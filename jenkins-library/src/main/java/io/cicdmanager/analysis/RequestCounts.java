package io.cicdmanager.analysis;

/**
 * How many requests one track served in a span of time and how many of them were bad: answered with an error, or
 * slower than a latency bound. The judge's unit of evidence.
 */
public record RequestCounts(long requests, long bad) {

    public static final RequestCounts NONE = new RequestCounts(0, 0);

    public RequestCounts {
        if (requests < 0 || bad < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + bad + " bad of " + requests);
        }
        if (bad > requests) {
            throw new IllegalArgumentException("more bad requests (" + bad + ") than requests (" + requests + ")");
        }
    }

    /**
     * Counts measured by a metrics backend, which may be fractional (Prometheus' {@code increase()} extrapolates to
     * the window's edges): rounded to whole requests, and the bad ones capped at the total, because the two series
     * are extrapolated separately.
     */
    public static RequestCounts measured(double requests, double bad) {
        if (!Double.isFinite(requests) || !Double.isFinite(bad) || requests < -0.5 || bad < -0.5) {
            throw new IllegalArgumentException("counts must be finite and not negative: " + bad + " bad of "
                    + requests);
        }
        long n = Math.max(0, Math.round(requests));
        return new RequestCounts(n, Math.min(n, Math.max(0, Math.round(bad))));
    }

    public RequestCounts plus(RequestCounts other) {
        return new RequestCounts(requests + other.requests, bad + other.bad);
    }

    /** The fraction of bad requests; 0 when there were none at all. */
    public double rate() {
        return requests == 0 ? 0 : bad / (double) requests;
    }
}
