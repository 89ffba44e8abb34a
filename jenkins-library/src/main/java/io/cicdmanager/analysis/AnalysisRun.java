package io.cicdmanager.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a policy's checks round after round for one rollout and keeps the counts that the limits apply to. The
 * runner asks it for a round at every interval and acts on the round's {@link AnalysisRound.Action}.
 */
public final class AnalysisRun {
    private final AnalysisPolicy policy;
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private int rounds;

    public AnalysisRun(AnalysisPolicy policy) {
        this.policy = policy;
        for (Check check : policy.checks()) {
            counts.put(check.name(), new int[5]);
        }
        // One alpha for the family: the judges of one analysis split it, so that together they keep it.
        List<SequentialJudgeCheck> judges = policy.checks().stream().filter(SequentialJudgeCheck.class::isInstance)
                .map(SequentialJudgeCheck.class::cast).toList();
        judges.forEach(j -> j.family(judges.size()));
    }

    public AnalysisPolicy policy() {
        return policy;
    }

    public int rounds() {
        return rounds;
    }

    /**
     * Forgets inconclusive rounds, as a fresh analysis after an operator resumed a rollout paused for
     * inconclusive results: the operator has looked and decided to go on.
     */
    public void forgiveInconclusive() {
        counts.values().forEach(c -> c[INCONCLUSIVE] = 0);
    }

    private static final int PASSED = 0;
    private static final int FAILED = 1;
    private static final int INCONCLUSIVE = 2;
    private static final int ERRORS = 3;
    private static final int CONSECUTIVE_ERRORS = 4;

    public AnalysisRound evaluate(AnalysisContext context) {
        rounds++;
        Instant at = context.now();
        List<CheckResult> results = new ArrayList<>();
        for (Check check : policy.checks()) {
            CheckResult result;
            try {
                result = check.evaluate(context);
            } catch (RuntimeException e) {
                // A check that cannot evaluate is a measurement error, never a pass.
                result = new CheckResult(check.name(), check.kind(), check.metric(), Verdict.ERROR, null, null, null,
                        null, check.metric() + " could not be evaluated: " + e.getMessage());
            }
            results.add(result);
            int[] c = counts.get(check.name());
            switch (result.verdict()) {
                case PASS -> c[PASSED]++;
                case FAIL -> c[FAILED]++;
                case INCONCLUSIVE -> c[INCONCLUSIVE]++;
                case ERROR -> c[ERRORS]++;
            }
            c[CONSECUTIVE_ERRORS] = result.verdict() == Verdict.ERROR ? c[CONSECUTIVE_ERRORS] + 1 : 0;
        }
        List<AnalysisRound.CheckTally> tallies = new ArrayList<>();
        counts.forEach((name, c) -> tallies.add(new AnalysisRound.CheckTally(name, c[PASSED], c[FAILED],
                c[INCONCLUSIVE], c[ERRORS], c[CONSECUTIVE_ERRORS])));

        for (int i = 0; i < results.size(); i++) {
            CheckResult r = results.get(i);
            int[] c = counts.get(r.check());
            if (r.verdict() != Verdict.FAIL) {
                continue;
            }
            if (policy.checks().get(i).accumulatesEvidence()) {
                return new AnalysisRound(at, results, tallies, AnalysisRound.Action.ROLLBACK, r,
                        "check " + r.check() + " failed: " + r.message());
            }
            if (c[FAILED] > policy.failureLimit()) {
                return new AnalysisRound(at, results, tallies, AnalysisRound.Action.ROLLBACK, r,
                        "check " + r.check() + " failed: " + r.message() + " (" + c[FAILED] + " failed round(s), limit "
                                + policy.failureLimit() + ")");
            }
        }
        for (CheckResult r : results) {
            int[] c = counts.get(r.check());
            if (r.verdict() == Verdict.ERROR && c[CONSECUTIVE_ERRORS] > policy.consecutiveErrorLimit()) {
                return new AnalysisRound(at, results, tallies, AnalysisRound.Action.ROLLBACK, r,
                        "check " + r.check() + " could not measure " + c[CONSECUTIVE_ERRORS]
                                + " rounds in a row (limit " + policy.consecutiveErrorLimit() + "): " + r.message());
            }
        }
        for (int i = 0; i < results.size(); i++) {
            CheckResult r = results.get(i);
            int[] c = counts.get(r.check());
            // Not enough evidence yet is no fault of the data: the step waits for it instead.
            if (r.verdict() == Verdict.INCONCLUSIVE && !policy.checks().get(i).accumulatesEvidence()
                    && c[INCONCLUSIVE] > policy.inconclusiveLimit()) {
                AnalysisRound.Action action = policy.onInconclusive() == OnInconclusive.ROLLBACK
                        ? AnalysisRound.Action.ROLLBACK : AnalysisRound.Action.PAUSE;
                return new AnalysisRound(at, results, tallies, action, r,
                        "check " + r.check() + " inconclusive " + c[INCONCLUSIVE] + " time(s), limit "
                                + policy.inconclusiveLimit() + ": " + r.message());
            }
        }
        boolean allPass = results.stream().allMatch(CheckResult::passed);
        return new AnalysisRound(at, results, tallies, allPass ? AnalysisRound.Action.PASSING
                : AnalysisRound.Action.WAITING, null, allPass ? "all checks pass" : "waiting for conclusive results");
    }
}
