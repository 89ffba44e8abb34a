package io.cicdmanager.tui.model;

import java.util.Optional;

/**
 * The person at a screen and what they may do: their identity, role, and, when action keys are off, the reason
 * the screens give for it (the viewer role, or {@code --readonly}).
 */
public record Access(Actor actor, Role role, boolean forcedReadOnly) {

    public boolean mayAct() {
        return role.mayAct() && !forcedReadOnly;
    }

    /** Why action keys are off, or empty when they are on. */
    public Optional<String> readOnlyReason() {
        if (forcedReadOnly) {
            return Optional.of("read-only: started with --readonly");
        }
        if (!role.mayAct()) {
            return Optional.of("read-only: " + actor.name() + " is a viewer");
        }
        return Optional.empty();
    }
}
