package io.cicdmanager.tui.model;

/**
 * The outcome of one analysis check; NONE until a check has run. ERROR: the metrics backend could not be reached,
 * which is never a pass.
 */
public enum Verdict {
    PASS("✔", Tone.ADDED),
    FAIL("✖", Tone.FAILED),
    INCONCLUSIVE("?", Tone.PENDING),
    ERROR("!", Tone.FAILED),
    NONE("·", Tone.MUTED);

    private final String icon;
    private final Tone tone;

    Verdict(String icon, Tone tone) {
        this.icon = icon;
        this.tone = tone;
    }

    public String icon() {
        return icon;
    }

    public Tone tone() {
        return tone;
    }
}
