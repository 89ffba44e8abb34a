package io.cicdmanager.dora;

import java.util.Locale;

/** How a deployment ended: it shipped its changes, or it did not. */
public enum DeploymentStatus {
    SUCCESS, FAILURE;

    /** The lower-case name used on the command line, in JSON and in the store. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a label written by {@link #label()}. */
    public static DeploymentStatus fromLabel(String label) {
        for (DeploymentStatus status : values()) {
            if (status.label().equals(label)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown deployment status '" + label + "' (known: success, failure)");
    }
}
