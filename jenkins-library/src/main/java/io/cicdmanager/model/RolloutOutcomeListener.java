package io.cicdmanager.model;

/** Told once when a rollout reaches a terminal phase (Succeeded, RolledBack, Failed). */
@FunctionalInterface
public interface RolloutOutcomeListener {
    void rolloutFinished(RolloutOutcome outcome);
}
