package io.cicdmanager.kube;

/**
 * An engine's write to a rollout record it no longer owns: another engine (or the guardian, or an operator's
 * rollback of an orphan) claimed the record while this one was not beating. The engine must stop at once.
 */
public final class RolloutTakenOverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String owner;

    public RolloutTakenOverException(String rollout, String owner) {
        super("rollout " + rollout + " was taken over by " + owner + "; this engine stops");
        this.owner = owner;
    }

    /** The engine that owns the record now. */
    public String owner() {
        return owner;
    }
}
