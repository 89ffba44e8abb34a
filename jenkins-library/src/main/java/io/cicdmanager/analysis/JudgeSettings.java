package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;
import java.util.List;

/**
 * What the sequential judge calls a regression and how sure it must be, as a check entry in a rollout spec sets it.
 *
 * <p>The canary regresses when its rate of bad requests is worse than the stable track's by more than both margins:
 * more than {@code maxRatio} times it and more than {@code maxIncrease} above it (a fraction: 0.001 is 0.1
 * points). The judge says FAIL only when the data prove that, with false-alarm probability at most {@code alpha};
 * it says PASS only when they prove the canary is not clearly bad (not both {@code badRatio} times and
 * {@code badIncrease} above the stable track), wrong with probability at most {@code beta}.
 */
public record JudgeSettings(double maxRatio, double maxIncrease, double alpha, double badRatio, double badIncrease,
        double beta) {

    /** The spec fields this record reads; a check parser allows these besides its own. */
    public static final List<String> FIELDS = List.of("maxRatio", "maxIncrease", "alpha", "badRatio", "badIncrease",
            "beta");

    public static final double DEFAULT_MAX_RATIO = 1.5;
    public static final double DEFAULT_MAX_INCREASE = 0.001;
    public static final double DEFAULT_ALPHA = 0.01;

    public JudgeSettings {
        require(maxRatio >= 1 && Double.isFinite(maxRatio), "maxRatio", maxRatio, "must be at least 1");
        require(maxIncrease >= 0 && maxIncrease < 1, "maxIncrease", maxIncrease, "must be a fraction from 0 to below 1");
        require(alpha > 0 && alpha <= 0.5, "alpha", alpha, "must be above 0 and at most 0.5");
        require(badRatio >= maxRatio && Double.isFinite(badRatio), "badRatio", badRatio,
                "must be at least maxRatio (" + maxRatio + ")");
        require(badIncrease >= maxIncrease && badIncrease < 1, "badIncrease", badIncrease,
                "must be at least maxIncrease (" + maxIncrease + ") and below 1");
        require(beta > 0 && beta <= 0.5, "beta", beta, "must be above 0 and at most 0.5");
        if (maxIncrease > 0) {
            require(maxRatio > 1, "maxRatio", maxRatio, "must be above 1 when maxIncrease is set, because the "
                    + "absolute margin is proven through the ratio (for example maxRatio: 1.1)");
            require(regressionFloor(maxRatio, maxIncrease) < 1, "maxIncrease", maxIncrease,
                    "is too large for maxRatio " + maxRatio + ": no rate could ever be proven a regression");
        }
    }

    /** maxRatio 1.5, maxIncrease 0.1 points, alpha 1 %; PASS once the canary is shown not 3× and +0.2 points worse. */
    public static JudgeSettings defaults() {
        return of(DEFAULT_MAX_RATIO, DEFAULT_MAX_INCREASE, DEFAULT_ALPHA);
    }

    /** The given margins and alpha, with the PASS side at twice the margins and beta equal to alpha. */
    public static JudgeSettings of(double maxRatio, double maxIncrease, double alpha) {
        return new JudgeSettings(maxRatio, maxIncrease, alpha, 2 * maxRatio, 2 * maxIncrease, alpha);
    }

    /**
     * The canary's own bad rate that, together with a ratio above {@code maxRatio}, proves an increase above
     * {@code maxIncrease}: if p_c &gt; r·p_s then p_c − p_s &gt; p_c·(r−1)/r, which exceeds the increase once p_c is
     * above increase·r/(r−1).
     */
    public double regressionFloor() {
        return maxIncrease == 0 ? 0 : regressionFloor(maxRatio, maxIncrease);
    }

    private static double regressionFloor(double ratio, double increase) {
        return increase * ratio / (ratio - 1);
    }

    /** Reads the judge's fields of a check entry; absent ones take the defaults, PASS ones derived as in {@link #of}. */
    public static JudgeSettings from(ConfigNode check) {
        double maxRatio = number(check, "maxRatio", DEFAULT_MAX_RATIO);
        double maxIncrease = number(check, "maxIncrease", DEFAULT_MAX_INCREASE);
        double alpha = number(check, "alpha", DEFAULT_ALPHA);
        double badRatio = number(check, "badRatio", 2 * maxRatio);
        double badIncrease = number(check, "badIncrease", 2 * maxIncrease);
        double beta = number(check, "beta", alpha);
        return read(check, () -> new JudgeSettings(maxRatio, maxIncrease, alpha, badRatio, badIncrease, beta));
    }

    /** Builds settings from a check entry, a setting out of range reported at its field's line. */
    static <T> T read(ConfigNode check, java.util.function.Supplier<T> settings) {
        try {
            return settings.get();
        } catch (InvalidSetting e) {
            ConfigNode at = check.find(e.field).orElse(check);
            throw at.error(at == check ? e.field + " " + e.problem : e.problem);
        }
    }

    static double number(ConfigNode check, String key, double defaultValue) {
        return check.find(key).map(CheckParsers::numberOrPercent).orElse(defaultValue);
    }

    private static void require(boolean ok, String field, double value, String problem) {
        if (!ok) {
            throw new InvalidSetting(field, value, problem);
        }
    }

    /** A setting out of range, naming the field so a spec parser can point at its line. */
    static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final String field;
        final String problem;

        InvalidSetting(String field, double value, String problem) {
            super(field + " " + problem + " (got " + value + ")");
            this.field = field;
            this.problem = problem + " (got " + value + ")";
        }
    }
}
