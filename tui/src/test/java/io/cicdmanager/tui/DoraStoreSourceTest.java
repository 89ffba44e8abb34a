package io.cicdmanager.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.ssh.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoraStoreSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theScreensFiguresComeFromTheStoreAndAreReadAgainOnlyWhenStale() throws Exception {
        DoraDatabase db = DoraDatabase.sqlite(dir.resolve("dora.db"));
        try (JdbcDoraStore store = JdbcDoraStore.open(db)) {
            store.record(new Deployment("d-1", "checkout", "prod", "payments", "2.4.1", "abc123",
                    List.of(NOW.minus(Duration.ofDays(2)).minus(Duration.ofHours(5))), null, NOW.minus(Duration.ofDays(2)),
                    DeploymentStatus.SUCCESS, "jenkins", null));
        }
        MutableClock clock = new MutableClock(NOW);
        DoraStoreSource.Board board = DoraStoreSource.board(db, clock);
        try {
            board.board().request();
            await().atMost(Duration.ofSeconds(30)).until(() -> board.board().state().overview() != null);
            DoraBoard.Overview o = board.board().state().overview();
            assertThat(o.weeks()).isEqualTo(DoraStoreSource.WEEKS);
            assertThat(o.window().until()).isEqualTo(NOW);
            assertThat(o.store()).endsWith("dora.db");
            assertThat(o.services()).singleElement().satisfies(s -> {
                assertThat(s.current().selection().service()).isEqualTo("checkout");
                assertThat(s.current().deployments()).isEqualTo(1);
                assertThat(s.weekly()).hasSize(8);
            });
            Instant loaded = board.board().state().loadedAt();
            board.board().request();
            assertThat(board.board().state().loadedAt()).as("fresh figures are not read again").isEqualTo(loaded);
            clock.advance(DoraStoreSource.MAX_AGE);
            board.board().request();
            await().atMost(Duration.ofSeconds(30)).until(() -> board.board().state().loadedAt().isAfter(loaded));
        } finally {
            board.resources().close();
        }
    }

    @Test
    void aStoreThatCannotBeOpenedIsSaidOnTheScreen() throws Exception {
        DoraStoreSource.Board board = DoraStoreSource.board(() -> {
            throw new IllegalStateException("cannot open the DORA store at /nowhere/dora.db");
        }, new MutableClock(NOW));
        try {
            board.board().request();
            await().atMost(Duration.ofSeconds(30)).until(() -> board.board().state().error() != null);
            assertThat(board.board().state().error()).isEqualTo("cannot open the DORA store at /nowhere/dora.db");
            assertThat(board.board().state().overview()).isNull();
        } finally {
            board.resources().close();
        }
        assertThat(DoraBoard.unavailable("no store here").state().overview()).isNull();
        DoraBoard none = DoraBoard.unavailable("no store here");
        none.request();
        assertThat(none.state().error()).isEqualTo("no store here");
    }
}
