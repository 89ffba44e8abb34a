package io.cicdmanager.analysis;

/**
 * The latency judge's verdict with what it rests on: both tracks' quantile over the judged time (as
 * {@code histogram_quantile} computes it from the summed buckets), the shares of answers the judge actually compared
 * (the canary's slower than the allowed latency, the stable's slower than its own quantile), and the evidence.
 *
 * @param perPod      whether the canary's pods were judged too, each on its own share of alpha
 * @param pod         the canary pod whose evidence reached the threshold, or null
 * @param canaryShare the canary's answers slower than the allowed latency, as a share of its answers
 * @param stableShare the stable track's answers slower than its quantile, as a share of its answers
 */
public record LatencyVerdict(Verdict decision, LatencyJudgeSettings settings, int family, boolean perPod, String pod,
        double canaryQuantile, double stableQuantile, double canaryShare, double stableShare, Evidence regression,
        Evidence noRegression, int intervals, int judged, double dispersion) {

    /** The highest canary quantile within the margins at the stable track's quantile so far. */
    public double allowed() {
        return settings.allowed(stableQuantile);
    }

    /**
     * For example "p95 canary 231 ms vs stable 176 ms (+31 %): worse than +20 %: 9.1 % of its answers slower than the
     * stable's p95 +20 %, against 5 % of the stable's slower than its p95; evidence 3.2e+04 >= 200 (alpha 1 %)".
     */
    public String message() {
        String q = settings.quantileName();
        String who = pod == null ? "canary " : "canary pod " + pod + " ";
        String figures = q + " " + who + latency(canaryQuantile) + " vs stable " + latency(stableQuantile)
                + change();
        String shares = Double.isNaN(canaryShare) ? "" : ": " + JudgeFormat.percent(canaryShare)
                + " of its answers slower than the stable's " + q + " " + settings.margins() + ", against "
                + JudgeFormat.percent(stableShare) + " of the stable's slower than its " + q;
        String alpha = JudgeFormat.alpha(settings.alpha(), family, perPod);
        return switch (decision) {
            case FAIL -> figures + ": worse than " + settings.margins() + shares + "; evidence "
                    + JudgeFormat.evidence(regression.value()) + " >= " + JudgeFormat.evidence(regression.threshold())
                    + " (" + alpha + ")";
            case PASS -> figures + ": not " + LatencyJudgeSettings.margins(settings.badRatio(), settings.badIncrease())
                    + " worse, evidence " + JudgeFormat.evidence(noRegression.value()) + " >= "
                    + JudgeFormat.evidence(noRegression.threshold()) + " (beta " + JudgeFormat.percent(settings.beta())
                    + ")";
            default -> figures + ": not enough evidence yet, for a regression "
                    + JudgeFormat.evidence(regression.value()) + " < " + JudgeFormat.evidence(regression.threshold())
                    + ", against " + JudgeFormat.evidence(noRegression.value()) + " < "
                    + JudgeFormat.evidence(noRegression.threshold());
        };
    }

    private static String latency(double seconds) {
        return Double.isFinite(seconds) ? MetricFormat.seconds(seconds) : "unknown";
    }

    /** " (+31 %)" when both quantiles are known. */
    private String change() {
        if (!Double.isFinite(canaryQuantile) || !(stableQuantile > 0)) {
            return "";
        }
        double change = canaryQuantile / stableQuantile - 1;
        if (Math.abs(change) < 1e-9) {
            change = 0;
        }
        return " (" + (change >= 0 ? "+" : "") + JudgeFormat.plain(change * 100) + " %)";
    }
}
