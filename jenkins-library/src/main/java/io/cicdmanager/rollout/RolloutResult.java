package io.cicdmanager.rollout;

import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;

/**
 * What a finished engine run reports: the terminal phase, the trigger of a rollback, who ended it, the final
 * canary weight, and the status as the record holds it.
 */
public record RolloutResult(RolloutPhase phase, RolloutStatus.Trigger trigger, String actor, String reason,
        int finalCanaryWeight, RolloutStatus status) {

    public boolean succeeded() {
        return phase == RolloutPhase.SUCCEEDED;
    }
}
