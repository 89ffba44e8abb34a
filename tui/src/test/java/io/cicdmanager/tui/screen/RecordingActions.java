package io.cicdmanager.tui.screen;

import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the commands a console sent; each is written (as command {@code cmd-N}, N counting from 0), carried out
 * here, or fails, as the test says.
 */
public final class RecordingActions implements RolloutActions {
    /** One command sent, to its rollout. */
    public record Sent(RolloutKey target, RolloutCommand command) {
        public CommandAction action() {
            return command.action();
        }

        /** Who sent it, as the record names them: {@code alice (SHA256:…)}. */
        public String actor() {
            return command.actor();
        }

        public String reason() {
            return command.reason();
        }

        public Instant requestedAt() {
            return command.at();
        }
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile String failure;

    private volatile Delivery done;

    @Override
    public CompletableFuture<Delivery> send(RolloutKey target, RolloutCommand command) {
        sent.add(new Sent(target, command));
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(failure));
        }
        return CompletableFuture.completedFuture(done != null ? done : Delivery.written(idOf(sent.size() - 1)));
    }

    /** The id under which the {@code n}th command sent was written. */
    public static String idOf(int n) {
        return "cmd-" + n;
    }

    /** Answers the next commands as carried out here, with {@code message}, instead of as written. */
    public void doneWith(String message) {
        done = Delivery.done(message);
    }

    public List<Sent> sent() {
        return sent;
    }

    public void failWith(String message) {
        failure = message;
    }
}
