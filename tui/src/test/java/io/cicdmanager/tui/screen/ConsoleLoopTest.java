package io.cicdmanager.tui.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.Role;
import io.cicdmanager.tui.model.RolloutBoard;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsoleLoopTest {
    private final RolloutBoard board = new RolloutBoard();
    private final BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
    private final VirtualScreen screen = new VirtualScreen(120, 20);
    private Thread thread;
    private ConsoleLoop loop;

    private ConsoleLoop start() {
        loop = new ConsoleLoop(screen.screen(), board, keys::take, Duration.ofMillis(100),
                ui -> new RolloutConsole(board, new RecordingActions(), Fixtures.dora(),
                        new Access(new Actor("alice", "local"), Role.OPERATOR, false), Palette.forNoColor(true),
                        Clock.fixed(Fixtures.NOW, ZoneOffset.UTC), ui, null));
        thread = new Thread(() -> {
            try {
                loop.run();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        thread.start();
        return loop;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(5000);
        }
    }

    @Test
    void drawsTheBoardAndCoalescesABurstOfChangesIntoAFewFrames() {
        board.replaceAll(Fixtures.all());
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.text().contains("prod/checkout"));
        long before = loop.frames();
        for (int i = 1; i <= 500; i++) {
            board.put(Fixtures.checkout().toBuilder().weights(i % 100, i % 100).build());
        }
        board.put(Fixtures.checkout().toBuilder().weights(42, 41).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.text().contains("42%/41%"));
        assertThat(loop.frames() - before).as("frames for 500 changes").isLessThan(50);
    }

    @Test
    void keysReachTheConsoleAndQuitEndsTheLoop() throws InterruptedException {
        board.replaceAll(Fixtures.all());
        start();
        keys.add(new KeyStroke('j', false, false));
        keys.add(new KeyStroke(KeyType.Enter));
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.text().contains("rollout prod/checkout"));
        keys.add(new KeyStroke('q', false, false));
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(loop.console().quitRequested()).isTrue();
    }

    @Test
    void aResizeRedrawsForTheNewWidth() {
        board.replaceAll(Fixtures.all());
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.text().contains("STRATEGY"));
        screen.resize(60, 15);
        await().atMost(Duration.ofSeconds(10)).until(() -> !screen.text().contains("STRATEGY")
                && screen.text().contains("prod/checkout"));
        assertThat(screen.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void aPhaseChangeOnTheBoardShowsWithoutAKey() {
        board.replaceAll(Fixtures.all());
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.text().contains("◌ Progressing"));
        board.put(Fixtures.checkout().toBuilder().phase(RolloutPhase.SUCCEEDED, "done").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.lines().stream()
                .anyMatch(l -> l.contains("prod/checkout") && l.contains("✔ Succeeded")));
    }

    @Test
    void theEndOfInputEndsTheLoop() throws InterruptedException {
        start();
        keys.add(new KeyStroke(KeyType.EOF));
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void framePacerAllowsOneFramePerInterval() {
        FramePacer pacer = new FramePacer(Duration.ofMillis(100));
        assertThat(pacer.due(0)).isTrue();
        assertThat(pacer.nanosUntilDue(0)).isZero();
        pacer.drew(1_000_000_000L);
        assertThat(pacer.due(1_050_000_000L)).isFalse();
        assertThat(pacer.nanosUntilDue(1_050_000_000L)).isEqualTo(50_000_000L);
        assertThat(pacer.due(1_100_000_000L)).isTrue();
    }
}
