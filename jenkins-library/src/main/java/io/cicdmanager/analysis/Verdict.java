package io.cicdmanager.analysis;

/**
 * A check's verdict for one round. {@code ERROR} means the measurement itself failed (the metrics backend could
 * not be reached); like {@code INCONCLUSIVE} it is never a pass.
 */
public enum Verdict {
    PASS, FAIL, INCONCLUSIVE, ERROR
}
