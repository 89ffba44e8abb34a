package io.cicdmanager.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's command, as written on the rollout record's {@code cicd-manager.io/command} annotation: what, who,
 * why, when, and from where ({@code cli}, {@code tui}, {@code ssh}, {@code jenkins}, {@code simulate}).
 */
public record RolloutCommand(String id, CommandAction action, String actor, String reason, Instant at,
        String source) {
    public RolloutCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(at, "at");
        source = source == null ? "cli" : source;
    }
}
