package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a rollout is judged: which checks, how often ({@code interval}), over what window, and how many bad rounds
 * it tolerates. The limits and their defaults are Argo Rollouts': a check fails the rollout when its failures
 * exceed {@code failureLimit} (0), pauses or rolls back when inconclusive rounds exceed {@code inconclusiveLimit}
 * (0), and rolls back when measurement errors in a row exceed {@code consecutiveErrorLimit} (4).
 * {@code initialDelay} (Argo's name) is how long after each change of the canary's weight the sequential judges
 * leave the counts out, while the new pods warm up.
 */
public record AnalysisPolicy(Duration interval, Duration window, List<Check> checks, int failureLimit,
        int inconclusiveLimit, int consecutiveErrorLimit, OnInconclusive onInconclusive, Duration initialDelay) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** Long enough for a JVM's JIT and caches; short enough not to delay a clear regression's rollback much. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(30);
    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 0;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    public AnalysisPolicy {
        checks = List.copyOf(checks);
    }

    /** A policy with the default initial delay. */
    public AnalysisPolicy(Duration interval, Duration window, List<Check> checks, int failureLimit,
            int inconclusiveLimit, int consecutiveErrorLimit, OnInconclusive onInconclusive) {
        this(interval, window, checks, failureLimit, inconclusiveLimit, consecutiveErrorLimit, onInconclusive,
                DEFAULT_INITIAL_DELAY);
    }

    /** No checks: steps advance on time and commands alone. */
    public static AnalysisPolicy none() {
        return new AnalysisPolicy(DEFAULT_INTERVAL, DEFAULT_INTERVAL, List.of(), DEFAULT_FAILURE_LIMIT,
                DEFAULT_INCONCLUSIVE_LIMIT, DEFAULT_CONSECUTIVE_ERROR_LIMIT, OnInconclusive.PAUSE);
    }

    /** The name of the judge {@link #withDefaultJudge()} adds. */
    public static final String DEFAULT_JUDGE = "errors-vs-stable";

    /** Reads an {@code analysis:} section with the given check parsers. */
    public static AnalysisPolicy from(ConfigNode node, CheckParsers parsers) {
        node.allowOnly("interval", "window", "checks", "failureLimit", "inconclusiveLimit", "consecutiveErrorLimit",
                "onInconclusive", "initialDelay");
        return read(node, parsers);
    }

    /**
     * Reads a canary's {@code analysis:} section, which may also say {@code defaultJudge: false}; the spec parser
     * reads that field and decides whether {@link #withDefaultJudge()} applies.
     */
    public static AnalysisPolicy fromCanary(ConfigNode node, CheckParsers parsers) {
        node.allowOnly("interval", "window", "checks", "failureLimit", "inconclusiveLimit", "consecutiveErrorLimit",
                "onInconclusive", "defaultJudge", "initialDelay");
        return read(node, parsers);
    }

    private static AnalysisPolicy read(ConfigNode node, CheckParsers parsers) {
        Duration interval = node.duration("interval", DEFAULT_INTERVAL);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw node.get("interval").error("must be at least 1s");
        }
        Duration window = node.duration("window", interval);
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw node.get("window").error("must be at least 1s");
        }
        List<Check> checks = parsers.parse(node.list("checks"));
        Duration initialDelay = node.duration("initialDelay", DEFAULT_INITIAL_DELAY);
        if (initialDelay.isNegative()) {
            throw node.get("initialDelay").error("must not be negative (0s judges new pods from their first request)");
        }
        return new AnalysisPolicy(interval, window, checks,
                limit(node, "failureLimit", DEFAULT_FAILURE_LIMIT),
                limit(node, "inconclusiveLimit", DEFAULT_INCONCLUSIVE_LIMIT),
                limit(node, "consecutiveErrorLimit", DEFAULT_CONSECUTIVE_ERROR_LIMIT),
                node.enumValue("onInconclusive", OnInconclusive.class, OnInconclusive.PAUSE), initialDelay);
    }

    private static int limit(ConfigNode node, String key, int defaultValue) {
        int value = node.integer(key, defaultValue);
        if (value < 0) {
            throw node.get(key).error("must be 0 or more");
        }
        return value;
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    /**
     * This policy with the sequential judge on error rates, {@value #DEFAULT_JUDGE} with the judge's default
     * margins, after its own checks; unchanged when a check of that name or a judge on error-rate is already there.
     */
    public AnalysisPolicy withDefaultJudge() {
        boolean present = checks.stream().anyMatch(c -> c.name().equals(DEFAULT_JUDGE)
                || c.kind().equals(SequentialJudgeCheck.KIND) && c.metric().equals("error-rate"));
        if (present) {
            return this;
        }
        List<Check> more = new ArrayList<>(checks);
        more.add(new SequentialJudgeCheck(DEFAULT_JUDGE, "error-rate", JudgeSettings.defaults(), Map.of()));
        return new AnalysisPolicy(interval, window, more, failureLimit, inconclusiveLimit, consecutiveErrorLimit,
                onInconclusive, initialDelay);
    }
}
