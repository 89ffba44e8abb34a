package io.cicdmanager.tui.model;

import io.cicdmanager.model.CommandAction;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest command on a rollout (by its id) and how the engine answered it: still pending, acknowledged (it
 * acted), ignored (with why, e.g. "already paused"), or rejected before it reached the engine.
 */
public record CommandStatus(String id, CommandAction action, String actor, String reason, Instant requestedAt, State state,
        Instant answeredAt, String message) {

    /** Where a command stands. */
    public enum State {
        PENDING, ACKNOWLEDGED, IGNORED, REJECTED
    }

    public Optional<Instant> answered() {
        return Optional.ofNullable(answeredAt);
    }
}
