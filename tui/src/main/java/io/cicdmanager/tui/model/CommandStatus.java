package io.cicdmanager.tui.model;

import java.time.Instant;
import java.util.Optional;

/** The latest command on a rollout and whether the engine has acknowledged it yet. */
public record CommandStatus(RolloutAction action, String actor, String reason, Instant requestedAt, State state,
        Instant answeredAt, String message) {

    /** Where a command stands. */
    public enum State {
        PENDING, ACKNOWLEDGED, REJECTED
    }

    public Optional<Instant> answered() {
        return Optional.ofNullable(answeredAt);
    }
}
