package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;
import java.util.List;

/**
 * What the latency judge calls a regression, in latency terms: the canary's {@code quantile} (0.95 for
 * {@code p95-latency}) worse than the stable track's by more than both margins, more than {@code maxRatio} times it
 * ("p95 may rise by 20 %": 1.2) and more than {@code maxIncrease} seconds above it ("+50 ms": 0.05); and PASS once
 * the canary is shown not clearly bad: not both {@code badRatio} times and {@code badIncrease} above.
 */
public record LatencyJudgeSettings(double quantile, double maxRatio, double maxIncrease, double alpha,
        double badRatio, double badIncrease, double beta) {

    /** The spec fields this record reads besides the metric. */
    public static final List<String> FIELDS = JudgeSettings.FIELDS;
    public static final double DEFAULT_MAX_RATIO = 1.2;

    public LatencyJudgeSettings {
        require(quantile > 0 && quantile < 1, "quantile", quantile, "must be between 0 and 1");
        require(maxRatio >= 1 && Double.isFinite(maxRatio), "maxRatio", maxRatio, "must be at least 1");
        require(maxIncrease >= 0 && Double.isFinite(maxIncrease), "maxIncrease", maxIncrease,
                "must be a duration of 0 or more, such as 50ms, or a percentage, such as 20%");
        require(maxRatio > 1 || maxIncrease > 0, "maxRatio", maxRatio, "leaves no margin at all: give maxRatio "
                + "above 1 (1.2: the quantile may rise by 20 %) or maxIncrease above 0 (50ms)");
        require(alpha > 0 && alpha <= 0.5, "alpha", alpha, "must be above 0 and at most 0.5");
        require(badRatio >= maxRatio && Double.isFinite(badRatio), "badRatio", badRatio,
                "must be at least maxRatio (" + maxRatio + ")");
        require(badIncrease >= maxIncrease && Double.isFinite(badIncrease), "badIncrease", badIncrease,
                "must be at least maxIncrease (" + maxIncrease + " s)");
        require(beta > 0 && beta <= 0.5, "beta", beta, "must be above 0 and at most 0.5");
    }

    /** P95 may rise by 20 %, alpha 1 %; PASS once it is shown not to have risen by 40 %. */
    public static LatencyJudgeSettings defaults(double quantile) {
        return of(quantile, DEFAULT_MAX_RATIO, 0, JudgeSettings.DEFAULT_ALPHA);
    }

    /** The given margins and alpha, "clearly bad" at twice the margins, beta equal to alpha. */
    public static LatencyJudgeSettings of(double quantile, double maxRatio, double maxIncrease, double alpha) {
        return new LatencyJudgeSettings(quantile, maxRatio, maxIncrease, alpha, 1 + 2 * (maxRatio - 1),
                2 * maxIncrease, alpha);
    }

    /** The highest canary latency at the quantile that is no regression when the stable track's is {@code x}. */
    public double allowed(double x) {
        return Math.max(maxRatio * x, x + maxIncrease);
    }

    /** The canary latency at the quantile from which the canary is clearly bad, at a stable track's {@code x}. */
    public double clearlyBad(double x) {
        return Math.max(badRatio * x, x + badIncrease);
    }

    /** "p95". */
    public String quantileName() {
        return "p" + JudgeFormat.plain(quantile * 100, 3);
    }

    /** "+20 %", "+50 ms" or "+20 % and +50 ms". */
    public String margins() {
        return margins(maxRatio, maxIncrease);
    }

    static String margins(double ratio, double increase) {
        String relative = ratio > 1 ? "+" + JudgeFormat.plain((ratio - 1) * 100) + " %" : null;
        String absolute = increase > 0 ? "+" + MetricFormat.seconds(increase) : null;
        if (relative != null && absolute != null) {
            return relative + " and " + absolute;
        }
        return relative != null ? relative : absolute;
    }

    /**
     * Reads a latency judge's fields: {@code maxRatio} (1.2) or {@code maxIncrease} as a percentage ({@code 20%},
     * the same) for the relative margin; {@code maxIncrease} as a duration ({@code 50ms}) for the absolute one.
     * Without either, the quantile may rise by 20 %; with only an absolute margin, there is no relative one.
     */
    public static LatencyJudgeSettings from(ConfigNode check, double quantile) {
        Double ratio = check.find("maxRatio").map(CheckParsers::numberOrPercent).orElse(null);
        double increase = 0;
        if (check.has("maxIncrease")) {
            ConfigNode node = check.get("maxIncrease");
            String text = node.asString().trim();
            if (text.endsWith("%")) {
                if (ratio != null) {
                    throw node.error("gives the relative margin again, after maxRatio: give one of them");
                }
                ratio = 1 + CheckParsers.numberOrPercent(node);
            } else {
                increase = CheckParsers.threshold(node);
            }
        }
        double maxRatio = ratio != null ? ratio : increase > 0 ? 1 : DEFAULT_MAX_RATIO;
        double maxIncrease = increase;
        double alpha = JudgeSettings.number(check, "alpha", JudgeSettings.DEFAULT_ALPHA);
        double badRatio = JudgeSettings.number(check, "badRatio", 1 + 2 * (maxRatio - 1));
        double badIncrease = check.find("badIncrease").map(CheckParsers::threshold).orElse(2 * increase);
        double beta = JudgeSettings.number(check, "beta", alpha);
        return JudgeSettings.read(check, () -> new LatencyJudgeSettings(quantile, maxRatio, maxIncrease, alpha,
                badRatio, badIncrease, beta));
    }

    private static void require(boolean ok, String field, double value, String problem) {
        if (!ok) {
            throw new JudgeSettings.InvalidSetting(field, value, problem);
        }
    }
}
