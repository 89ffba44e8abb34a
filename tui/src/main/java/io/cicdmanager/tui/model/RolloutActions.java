package io.cicdmanager.tui.model;

import io.cicdmanager.model.RolloutCommand;
import java.util.concurrent.CompletableFuture;

/**
 * Where the screens send operator commands. The returned future completes when the command is written where the
 * engine reads it (the engine's acknowledgement then comes back through the board as the rollout's
 * {@link CommandStatus}), or, for a rollout no engine drives any more, when the terminal has carried it out
 * itself; it fails with a message a person can act on when the command could not be written.
 */
public interface RolloutActions {
    /** Sends {@code command} to the rollout {@code target}. */
    CompletableFuture<Delivery> send(RolloutKey target, RolloutCommand command);

    /**
     * What became of a command: written for the engine to act on (with the id its acknowledgement will carry), or
     * carried out here with what happened.
     */
    record Delivery(boolean awaitsEngine, String message, String commandId) {
        /** Written onto the record as command {@code commandId}; the engine acknowledges that id. */
        public static Delivery written(String commandId) {
            return new Delivery(true, "", commandId);
        }

        /** Carried out by the terminal itself (an orphaned rollout's rollback). */
        public static Delivery done(String message) {
            return new Delivery(false, message, null);
        }
    }
}
