package io.cicdmanager.tui.model;

import java.util.concurrent.CompletableFuture;

/**
 * Where the screens send operator commands. The returned future completes when the command is written where the
 * engine reads it (not when the engine has acted: its acknowledgement comes back through the board as the
 * rollout's {@link CommandStatus}), and fails with a message a person can act on when it could not be written.
 */
public interface RolloutActions {
    CompletableFuture<Void> send(RolloutCommand command);
}
