package io.cicdmanager.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One round of analysis: every check's result, the counts so far per check, and what the rollout must do now.
 * {@code trigger} is the result that caused a {@code PAUSE} or {@code ROLLBACK}, with its number.
 */
public record AnalysisRound(Instant at, List<CheckResult> results, List<CheckTally> tallies, Action action,
        CheckResult trigger, String reason) {

    /** What the rollout does after a round. */
    public enum Action {
        /** Every check passed: the step may complete. */
        PASSING,
        /** Nothing tripped, but not every check passed (inconclusive, error): the step must wait. */
        WAITING,
        /** Inconclusive beyond the limit with {@code onInconclusive: pause}. */
        PAUSE,
        /** A check failed beyond its limit, or errors in a row beyond theirs, or inconclusive with rollback. */
        ROLLBACK
    }

    public AnalysisRound {
        results = List.copyOf(results);
        tallies = List.copyOf(tallies);
    }

    public Optional<CheckResult> result(String check) {
        return results.stream().filter(r -> r.check().equals(check)).findFirst();
    }

    /** Counts of one check's verdicts over the whole analysis. */
    public record CheckTally(String check, int passed, int failed, int inconclusive, int errors,
            int consecutiveErrors) {
    }
}
