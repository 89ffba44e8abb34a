package io.cicdmanager.tui.model;

import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Who is at the keyboard: a name and how they proved it (an SSH key fingerprint such as {@code SHA256:…}, or
 * {@code local} for a terminal on the machine). Every command and audit entry carries it.
 */
public record Actor(String name, String fingerprint) {
    /** The fingerprint of a person at a terminal on this machine. */
    public static final String LOCAL = "local";

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** {@code alice (SHA256:…)}: how commands and audit entries name the actor. */
    public String display() {
        return name + " (" + fingerprint + ")";
    }

    /** Where this person's commands come from, as the record and the audit trail say: {@code tui} or {@code ssh}. */
    public String source() {
        return LOCAL.equals(fingerprint) ? "tui" : "ssh";
    }

    /**
     * A command from this person, with a new id: a person at a screen always says why, and the reason goes into the
     * audit trail.
     */
    public RolloutCommand command(CommandAction action, String reason, Instant at) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a command needs a reason");
        }
        return new RolloutCommand(UUID.randomUUID().toString(), action, display(), reason, at, source());
    }
}
