package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the commands a console sent; each write succeeds, or fails with the message a test sets. */
public final class RecordingActions implements RolloutActions {
    private final List<RolloutCommand> sent = new CopyOnWriteArrayList<>();
    private volatile String failure;

    @Override
    public CompletableFuture<Void> send(RolloutCommand command) {
        sent.add(command);
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(failure));
        }
        return CompletableFuture.completedFuture(null);
    }

    public List<RolloutCommand> sent() {
        return sent;
    }

    public void failWith(String message) {
        failure = message;
    }
}
