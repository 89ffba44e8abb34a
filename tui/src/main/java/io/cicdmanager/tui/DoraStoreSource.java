package io.cicdmanager.tui;

import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraReporter;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.dora.Window;
import io.cicdmanager.tui.model.DoraBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The DORA screen's figures from a DORA store (the one {@code cicd dora} commands use): every service's four keys
 * over the last 30 days and a trend over 8 weeks. The store is opened on first use, so a terminal that never
 * shows the screen never touches it.
 */
final class DoraStoreSource implements DoraBoard.Source, AutoCloseable {
    static final Duration WINDOW = Duration.ofDays(30);
    static final int WEEKS = 8;
    /** Figures older than this are read again while a screen shows them. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Supplier<DoraStore> opener;
    private final Clock clock;
    private DoraStore store;

    DoraStoreSource(Supplier<DoraStore> opener, Clock clock) {
        this.opener = opener;
        this.clock = clock;
    }

    /** A board over the store at {@code database}, loading on a thread of its own; closing it closes the store. */
    static Board board(DoraDatabase database, Clock clock) {
        return board(() -> JdbcDoraStore.openExisting(database), clock);
    }

    static Board board(Supplier<DoraStore> opener, Clock clock) {
        DoraStoreSource source = new DoraStoreSource(opener, clock);
        ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dora-figures");
            t.setDaemon(true);
            return t;
        });
        return new Board(new DoraBoard(source, loader, clock, MAX_AGE), () -> {
            loader.shutdownNow();
            source.close();
        });
    }

    /** A DORA board and what closes its store and thread. */
    record Board(DoraBoard board, AutoCloseable resources) {
    }

    @Override
    public synchronized DoraBoard.Overview load() {
        if (store == null) {
            store = opener.get();
        }
        Window window = Window.ending(clock.instant(), WINDOW);
        return new DoraBoard.Overview(window, WEEKS, new DoraReporter(store).overview(window, WEEKS),
                store.location());
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
