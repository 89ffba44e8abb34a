package io.cicdmanager.analysis.judge;

/** What the evidence so far shows about a canary. */
public enum Decision {
    /** Proven not clearly worse than the stable track. */
    PASS,
    /** Proven worse than the stable track by more than the allowed margins. */
    FAIL,
    /** Not enough evidence either way yet: never read as a pass. */
    INCONCLUSIVE
}
