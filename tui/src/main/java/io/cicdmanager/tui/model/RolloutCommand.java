package io.cicdmanager.tui.model;

import java.time.Instant;
import java.util.Objects;

/** One operator command for one rollout: what, by whom, why and when. */
public record RolloutCommand(RolloutKey target, RolloutAction action, Actor actor, String reason, Instant requestedAt) {

    public RolloutCommand {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a command needs a reason");
        }
    }
}
