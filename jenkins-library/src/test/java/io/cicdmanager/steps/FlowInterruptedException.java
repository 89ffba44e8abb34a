package io.cicdmanager.steps;

/**
 * What a step's body gets when Jenkins stops it, as in Jenkins: an {@link InterruptedException} naming why (a
 * timeout, a failing parallel branch with failFast, a person's abort, a rejected input).
 */
public final class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 1L;

    public FlowInterruptedException(String why) {
        super(why);
    }
}
