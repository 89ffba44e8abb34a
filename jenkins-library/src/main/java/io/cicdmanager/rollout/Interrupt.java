package io.cicdmanager.rollout;

import io.cicdmanager.model.RolloutStatus;

/**
 * What ends a wait early: a rollback (an operator's, a check's, the progress deadline's, a signal's) or an operator's
 * promote. A promote ends pauses and analysis, never a wait for pods: that one returns it once the pods are ready.
 */
record Interrupt(Kind kind, RolloutStatus.Trigger trigger, String actor, String reason) {
    enum Kind { ROLLBACK, PROMOTE, PROMOTE_FULL }

    boolean rollsBack() {
        return kind == Kind.ROLLBACK;
    }

    boolean promotesFully() {
        return kind == Kind.PROMOTE_FULL;
    }

    /** What a resuming engine does with a record an earlier engine left in Aborting. */
    static Interrupt finishingRollback(RolloutStatus status) {
        return new Interrupt(Kind.ROLLBACK, status.trigger(), RolloutEngine.ENGINE_ACTOR,
                "finishing the rollback an earlier engine started");
    }
}
