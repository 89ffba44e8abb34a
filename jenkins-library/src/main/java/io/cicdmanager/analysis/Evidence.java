package io.cicdmanager.analysis;

/**
 * One side of the judge's evidence: the e-value (a likelihood ratio, how many times better the data fit that side's
 * claim than its opposite) against the threshold it must reach, and the error probability the threshold keeps.
 */
public record Evidence(double value, double threshold, double errorBound) {

    /** Large enough to mean "overwhelming", small enough to stay a finite JSON number. */
    static final double CAP = 1e300;

    static Evidence ofLog(double logValue, double threshold, double errorBound) {
        return new Evidence(Math.min(Math.exp(logValue), CAP), threshold, errorBound);
    }

    public boolean reached() {
        return value >= threshold;
    }
}
