package io.cicdmanager.tui.model;

import java.util.Locale;

/** What a person may do: watch, act on rollouts, or also administer the SSH server's users. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean mayAct() {
        return this != VIEWER;
    }

    public boolean mayAdminister() {
        return this == ADMIN;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
