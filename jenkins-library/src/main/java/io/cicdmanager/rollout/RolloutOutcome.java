package io.cicdmanager.rollout;

import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.RolloutStatus;
import java.time.Instant;

/**
 * How a rollout ended, for whoever records deployments (DORA): which release, when it started and finished, the
 * terminal phase, what tripped a rollback (null when none did) and who acted last (the operator who aborted, or
 * the actor that started it).
 */
public record RolloutOutcome(String name, String namespace, String image, Instant started, Instant finished,
        RolloutPhase phase, RolloutStatus.Trigger trigger, String actor) {

    public boolean succeeded() {
        return phase == RolloutPhase.SUCCEEDED;
    }
}
