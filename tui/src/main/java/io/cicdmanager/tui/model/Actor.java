package io.cicdmanager.tui.model;

import java.util.Objects;

/**
 * Who is at the keyboard: a name and how they proved it (an SSH key fingerprint such as {@code SHA256:…}, or
 * {@code local} for a terminal on the machine). Every command and audit entry carries it.
 */
public record Actor(String name, String fingerprint) {

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** {@code alice (SHA256:…)}: how commands and audit entries name the actor. */
    public String display() {
        return name + " (" + fingerprint + ")";
    }
}
