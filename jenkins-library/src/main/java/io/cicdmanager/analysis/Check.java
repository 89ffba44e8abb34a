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
}
