package io.cicdmanager.tui;

import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutBoard;
import java.util.concurrent.CompletableFuture;

/**
 * What the terminal commands show and act through: the process's one board, and where commands go. Every screen
 * and session of the process shares one backend, so one watch feeds them all.
 */
public record TerminalBackend(RolloutBoard board, RolloutActions actions) {

    private static final TerminalBackend PROCESS = new TerminalBackend(new RolloutBoard(),
            command -> CompletableFuture.failedFuture(new IllegalStateException(
                    command.target() + " is not on this terminal's board")));

    /** The backend of this process. */
    public static TerminalBackend process() {
        return PROCESS;
    }
}
