package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the commands a console sent; each is written (as command {@code cmd-N}, N counting from 0), carried out
 * here, or fails, as the test says.
 */
public final class RecordingActions implements RolloutActions {
    private final List<RolloutCommand> sent = new CopyOnWriteArrayList<>();
    private volatile String failure;

    private volatile Delivery done;

    @Override
    public CompletableFuture<Delivery> send(RolloutCommand command) {
        sent.add(command);
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

    public List<RolloutCommand> sent() {
        return sent;
    }

    public void failWith(String message) {
        failure = message;
    }
}
