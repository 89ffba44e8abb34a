package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.screen.RolloutConsole.View;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a console asks for while it shows it: the pods and events of the rollout open in detail (the board fetches
 * them for the rollouts some screen follows), and fresh DORA figures while the DORA screen is open.
 */
final class Following implements AutoCloseable {
    private final RolloutBoard board;
    private final DoraBoard dora;
    private final Executor ui;
    private RolloutKey followedKey;
    private AutoCloseable following;
    private AutoCloseable doraUpdates;

    /** @param ui the console's UI thread, woken when DORA figures arrive so that it redraws */
    Following(RolloutBoard board, DoraBoard dora, Executor ui) {
        this.board = board;
        this.dora = dora;
        this.ui = ui;
    }

    /** Follows what {@code shown} shows of {@code selected}; nothing once the console is {@code ending}. */
    void update(View shown, RolloutKey selected, boolean ending) {
        RolloutKey wanted = shown == View.DETAIL && !ending ? selected : null;
        if (!Objects.equals(wanted, followedKey)) {
            following = closed(following);
            followedKey = null;
            if (wanted != null) {
                following = board.follow(wanted);
                followedKey = wanted;
            }
        }
        boolean doraShown = shown == View.DORA && !ending;
        if (doraShown && doraUpdates == null) {
            // A load finishing wakes this console's loop, which redraws after every task it runs.
            doraUpdates = dora.subscribe(() -> ui.execute(() -> { }));
            dora.request();
        } else if (!doraShown) {
            doraUpdates = closed(doraUpdates);
        }
    }

    /** Lets go of everything followed. */
    @Override
    public void close() {
        following = closed(following);
        followedKey = null;
        doraUpdates = closed(doraUpdates);
    }

    private static AutoCloseable closed(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException("letting go of a subscription", e);
            }
        }
        return null;
    }
}
