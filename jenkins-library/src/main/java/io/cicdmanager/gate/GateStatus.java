package io.cicdmanager.gate;

/** How one gate ended. INACTIVE means it was not judged (its report kind or the baseline was not given). */
public enum GateStatus {
    PASSED, FAILED, BYPASSED, INACTIVE
}
