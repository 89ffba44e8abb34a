package io.cicdmanager.analysis;

/**
 * One rule that turns measurements into a verdict each analysis round. Implementations may keep state between
 * rounds (a sequential judge accumulates evidence); one instance serves one rollout.
 */
public interface Check {
    String name();

    /** What kind of rule this is, as the record shows it: {@code threshold}, {@code ratio-to-stable}, … */
    String kind();

    /** The metric it reads, one of {@link MetricProvider}'s names or a pod-health metric. */
    String metric();

    /**
     * Evaluates one round. An unreachable backend is reported as {@link Verdict#ERROR}, missing data as
     * {@link Verdict#INCONCLUSIVE}; neither ever as a pass.
     */
    CheckResult evaluate(AnalysisContext context);

    /**
     * Whether this check judges all the evidence since the canary's first traffic rather than one window, as the
     * sequential judge does. Its INCONCLUSIVE then means "not enough evidence yet", not "no data": it does not count
     * towards {@code inconclusiveLimit}, and the step waits for it (bounded by the progress deadline, after which
     * {@code onInconclusive} decides). Its FAIL is already proven beyond noise, so it rolls back at once, whatever
     * {@code failureLimit}.
     */
    default boolean accumulatesEvidence() {
        return false;
    }
}
