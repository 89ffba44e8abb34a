package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;
import java.time.Duration;
import java.util.List;

/**
 * How a rollout is judged: which checks, how often ({@code interval}), over what window, and how many bad rounds
 * it tolerates. The limits and their defaults are Argo Rollouts': a check fails the rollout when its failures
 * exceed {@code failureLimit} (0), pauses or rolls back when inconclusive rounds exceed {@code inconclusiveLimit}
 * (0), and rolls back when measurement errors in a row exceed {@code consecutiveErrorLimit} (4).
 */
public record AnalysisPolicy(Duration interval, Duration window, List<Check> checks, int failureLimit,
        int inconclusiveLimit, int consecutiveErrorLimit, OnInconclusive onInconclusive) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 0;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    public AnalysisPolicy {
        checks = List.copyOf(checks);
    }

    /** No checks: steps advance on time and commands alone. */
    public static AnalysisPolicy none() {
        return new AnalysisPolicy(DEFAULT_INTERVAL, DEFAULT_INTERVAL, List.of(), DEFAULT_FAILURE_LIMIT,
                DEFAULT_INCONCLUSIVE_LIMIT, DEFAULT_CONSECUTIVE_ERROR_LIMIT, OnInconclusive.PAUSE);
    }

    /** Reads an {@code analysis:} section with the given check parsers. */
    public static AnalysisPolicy from(ConfigNode node, CheckParsers parsers) {
        node.allowOnly("interval", "window", "checks", "failureLimit", "inconclusiveLimit", "consecutiveErrorLimit",
                "onInconclusive");
        Duration interval = node.duration("interval", DEFAULT_INTERVAL);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw node.get("interval").error("must be at least 1s");
        }
        Duration window = node.duration("window", interval);
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw node.get("window").error("must be at least 1s");
        }
        List<Check> checks = parsers.parse(node.list("checks"));
        return new AnalysisPolicy(interval, window, checks,
                limit(node, "failureLimit", DEFAULT_FAILURE_LIMIT),
                limit(node, "inconclusiveLimit", DEFAULT_INCONCLUSIVE_LIMIT),
                limit(node, "consecutiveErrorLimit", DEFAULT_CONSECUTIVE_ERROR_LIMIT),
                node.enumValue("onInconclusive", OnInconclusive.class, OnInconclusive.PAUSE));
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
}
