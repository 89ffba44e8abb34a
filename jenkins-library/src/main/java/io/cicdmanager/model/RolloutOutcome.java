package io.cicdmanager.model;

import java.time.Instant;

/**
 * How a rollout ended, for whoever records deployments (DORA): which release, when it started and finished, the
 * terminal phase, what tripped a rollback (null when none did), who acted last (the operator who aborted, or the
 * actor that started it), and for a rollout that was rolled back, when that began and when traffic was back on
 * stable (null when it succeeded).
 */
public record RolloutOutcome(String name, String namespace, String image, Instant started, Instant finished,
        RolloutPhase phase, RolloutStatus.Trigger trigger, String actor, Rollback rollback) {

    /**
     * When the release was found bad or aborted (the rollback began), and when all traffic was back on stable:
     * null if the rollback never got it there. {@code finished} comes later, once the canary is scaled down too.
     */
    public record Rollback(Instant started, Instant trafficOnStable) {
    }

    public boolean succeeded() {
        return phase == RolloutPhase.SUCCEEDED;
    }
}
