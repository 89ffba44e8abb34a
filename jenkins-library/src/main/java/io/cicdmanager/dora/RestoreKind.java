package io.cicdmanager.dora;

import java.util.Locale;

/** What put service back after a failed deployment: a rollback to the previous release, or a fix rolled forward. */
public enum RestoreKind {
    ROLLBACK, FIX;

    /** The lower-case name used on the command line, in JSON and in the store. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a label written by {@link #label()}. */
    public static RestoreKind fromLabel(String label) {
        for (RestoreKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown restore kind '" + label + "' (known: rollback, fix)");
    }
}
