package io.cicdmanager.analysis;

/**
 * The judge's verdict after some intervals, with everything behind it: the counts of both tracks since the judge
 * started, the evidence for a regression ({@link Verdict#FAIL} once it reaches its threshold) and against one
 * ({@link Verdict#PASS}), and the settings it was judged by; {@link #message()} says it all in one sentence for
 * the record, the audit log and the step's message.
 */
public record JudgeVerdict(Verdict decision, RequestCounts canary, RequestCounts stable, Evidence regression,
        Evidence noRegression, int intervals, JudgeSettings settings) {

    public double canaryRate() {
        return canary.rate();
    }

    public double stableRate() {
        return stable.rate();
    }

    /**
     * For example "canary 5.1 % (51/1000) vs stable 0.5 % (95/19000): worse than 1.5× and +0.1 points, evidence
     * 212 >= 100 (alpha 1 %)".
     */
    public String message() {
        String counts = "canary " + JudgeFormat.rate(canary) + " vs stable " + JudgeFormat.rate(stable);
        return switch (decision) {
            case FAIL -> counts + ": worse than " + margins(settings.maxRatio(), settings.maxIncrease())
                    + ", evidence " + JudgeFormat.evidence(regression.value()) + " >= "
                    + JudgeFormat.evidence(regression.threshold()) + " (alpha " + JudgeFormat.percent(settings.alpha())
                    + ")";
            case PASS -> counts + ": not " + margins(settings.badRatio(), settings.badIncrease()) + " worse, evidence "
                    + JudgeFormat.evidence(noRegression.value()) + " >= "
                    + JudgeFormat.evidence(noRegression.threshold()) + " (beta " + JudgeFormat.percent(settings.beta())
                    + ")";
            // The judge never measures, so it never errs: anything else is not enough evidence yet.
            default -> counts + ": not enough evidence yet, for a regression "
                    + JudgeFormat.evidence(regression.value()) + " < " + JudgeFormat.evidence(regression.threshold())
                    + ", against " + JudgeFormat.evidence(noRegression.value()) + " < "
                    + JudgeFormat.evidence(noRegression.threshold());
        };
    }

    private static String margins(double ratio, double increase) {
        String r = JudgeFormat.plain(ratio) + "×";
        return increase > 0 ? r + " and +" + JudgeFormat.plain(increase * 100) + " points" : r;
    }
}
