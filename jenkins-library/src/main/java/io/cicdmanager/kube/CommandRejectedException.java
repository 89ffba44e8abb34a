package io.cicdmanager.kube;

/**
 * A command that cannot be written: another operator's command is still pending, the rollout has finished, or no
 * such rollout exists. The message says which, and who holds the pending command.
 */
public class CommandRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandRejectedException(String message) {
        super(message);
    }
}
