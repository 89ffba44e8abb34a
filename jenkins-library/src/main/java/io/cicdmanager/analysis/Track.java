package io.cicdmanager.analysis;

import java.util.Locale;

/** Which side of a release a measurement is about. */
public enum Track {
    STABLE, CANARY;

    /** The label value the workloads carry and queries select on: {@code stable} or {@code canary}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
