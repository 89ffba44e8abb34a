package io.cicdmanager.tui.model;

import java.util.Locale;

/** The phases of a rollout as the rollout record names them, with the icon and the colour role the screens give each. */
public enum Phase {
    PENDING("○", Tone.ADDED),
    PROGRESSING("◌", Tone.MODIFIED),
    PAUSED("‖", Tone.PENDING),
    PROMOTING("▲", Tone.MODIFIED),
    SUCCEEDED("✔", Tone.COMPLETED),
    ABORTING("↺", Tone.FAILED),
    ROLLED_BACK("↩", Tone.FAILED),
    FAILED("✖", Tone.FAILED);

    private final String icon;
    private final Tone tone;

    Phase(String icon, Tone tone) {
        this.icon = icon;
        this.tone = tone;
    }

    public String icon() {
        return icon;
    }

    public Tone tone() {
        return tone;
    }

    /** {@code Progressing}, {@code RolledBack}: the spelling of the rollout record. */
    public String label() {
        StringBuilder sb = new StringBuilder();
        for (String part : name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** Reads the record's spelling ({@code RolledBack}, {@code rolled-back}, {@code ROLLED_BACK}). */
    public static Phase parse(String text) {
        String wanted = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (Phase p : values()) {
            if (p.name().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown rollout phase '" + text + "'");
    }

    /** True once nothing more will happen to the rollout unless someone starts a new one. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == ROLLED_BACK || this == FAILED;
    }
}
