package io.cicdmanager.analysis;

/**
 * The judge's verdict after some intervals, with everything behind it: the counts of both tracks since the judge
 * started, the evidence for a regression ({@link Verdict#FAIL} once it reaches its threshold) and against one
 * ({@link Verdict#PASS}), and the settings it was judged by; {@link #message()} says it all in one sentence for
 * the record, the audit log and the step's message.
 *
 * @param family     how many judges share the analysis' alpha
 * @param perPod     whether the canary's pods were judged too, each on its own share of alpha
 * @param pod        the canary pod whose own evidence reached the threshold, or null when it is the whole canary's
 * @param podCounts  that pod's counts since the judge started, or null
 * @param dispersion how much more the counts varied than independent requests would make them (1: not at all;
 *                   NaN while the counts have not shown it yet)
 */
public record JudgeVerdict(Verdict decision, RequestCounts canary, RequestCounts stable, Evidence regression,
        Evidence noRegression, int intervals, JudgeSettings settings, int family, boolean perPod, String pod,
        RequestCounts podCounts, double dispersion) {

    /** Above this the message says the failures came clustered, which is why the evidence grows slower. */
    private static final double CLUSTERED = 1.5;

    public double canaryRate() {
        return canary.rate();
    }

    public double stableRate() {
        return stable.rate();
    }

    /** What the FAIL is about: the pod's counts if a pod tripped it, else the canary's. */
    public RequestCounts judged() {
        return pod == null ? canary : podCounts;
    }

    /**
     * For example "canary 5.1 % (51/1000) vs stable 0.5 % (95/19000), 10× as many: worse than 1.5× and +0.1
     * points, evidence 212 >= 100 (alpha 1 %)".
     */
    public String message() {
        String who = pod == null ? "canary " : "canary pod " + pod + " ";
        String counts = who + JudgeFormat.rate(judged()) + " vs stable " + JudgeFormat.rate(stable)
                + timesAsMany(judged().rate());
        String alpha = JudgeFormat.alpha(settings.alpha(), family, perPod);
        String clustered = intervals == 0 ? ""
                : Double.isNaN(dispersion) ? "; until the counts show how clustered failures are, each weighs less"
                : dispersion > CLUSTERED ? "; failures came clustered (dispersion " + JudgeFormat.plain(dispersion)
                        + "), so each weighs less" : "";
        return switch (decision) {
            case FAIL -> counts + ": worse than " + margins(settings.maxRatio(), settings.maxIncrease())
                    + ", evidence " + JudgeFormat.evidence(regression.value()) + " >= "
                    + JudgeFormat.evidence(regression.threshold()) + " (" + alpha + ")" + clustered;
            case PASS -> counts + ": not " + margins(settings.badRatio(), settings.badIncrease()) + " worse, evidence "
                    + JudgeFormat.evidence(noRegression.value()) + " >= "
                    + JudgeFormat.evidence(noRegression.threshold()) + " (beta " + JudgeFormat.percent(settings.beta())
                    + ")";
            // The judge never measures, so it never errs: anything else is not enough evidence yet.
            default -> counts + ": not enough evidence yet, for a regression "
                    + JudgeFormat.evidence(regression.value()) + " < " + JudgeFormat.evidence(regression.threshold())
                    + ", against " + JudgeFormat.evidence(noRegression.value()) + " < "
                    + JudgeFormat.evidence(noRegression.threshold()) + clustered;
        };
    }

    /** ", 10× as many" where both rates are known and differ; the estimated ratio the judge weighs. */
    private String timesAsMany(double rate) {
        if (stable.bad() == 0 || rate == 0) {
            return "";
        }
        double ratio = rate / stable.rate();
        return ", " + JudgeFormat.plain(ratio) + "× the stable's rate";
    }

    private static String margins(double ratio, double increase) {
        String r = JudgeFormat.plain(ratio) + "×";
        return increase > 0 ? r + " and +" + JudgeFormat.plain(increase * 100) + " points" : r;
    }
}
