package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the commands a console sent; each is written (or carried out here, or fails) as the test says.
 */
public final class RecordingActions implements RolloutActions {
    private final List<RolloutCommand> sent = new CopyOnWriteArrayList<>();
    private volatile String failure;

    private volatile Delivery delivery = Delivery.written();

    @Override
    public CompletableFuture<Delivery> send(RolloutCommand command) {
        sent.add(command);
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(failure));
        }
        return CompletableFuture.completedFuture(delivery);
    }

    /** Answers the next commands as carried out here, with {@code message}, instead of as written. */
    public void doneWith(String message) {
        delivery = Delivery.done(message);
    }

    public List<RolloutCommand> sent() {
        return sent;
    }

    public void failWith(String message) {
        failure = message;
    }
}
