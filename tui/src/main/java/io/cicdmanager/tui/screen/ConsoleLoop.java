package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import io.cicdmanager.tui.model.RolloutBoard;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one console on one screen: a UI thread that takes keys, board changes, resizes and callbacks from a
 * queue, and redraws when something changed, at most one frame per {@code frameInterval}, with a delta refresh.
 * Keys are read on a second thread, because reading blocks.
 */
public final class ConsoleLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLoop.class);
    /** How often the screen is redrawn with nothing changed, so that ages and heartbeats keep counting. */
    private static final Duration TICK = Duration.ofSeconds(1);

    /** Where keys come from; reading blocks until a key arrives. */
    @FunctionalInterface
    public interface KeySource {
        KeyStroke read() throws IOException, InterruptedException;
    }

    private final TerminalScreen screen;
    private final RolloutBoard board;
    private final KeySource keys;
    private final FramePacer pacer;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicBoolean changeQueued = new AtomicBoolean();
    private final AtomicLong frames = new AtomicLong();
    private final RolloutConsole console;
    private volatile boolean stopped;

    public ConsoleLoop(TerminalScreen screen, RolloutBoard board, KeySource keys, Duration frameInterval,
            Function<Executor, RolloutConsole> consoleFactory) {
        this.screen = screen;
        this.board = board;
        this.keys = keys;
        this.pacer = new FramePacer(frameInterval);
        this.console = consoleFactory.apply(this::post);
        screen.getTerminal().addResizeListener((terminal, size) -> changed());
    }

    /** A loop reading keys from the screen's own terminal. */
    public ConsoleLoop(TerminalScreen screen, RolloutBoard board, Duration frameInterval,
            Function<Executor, RolloutConsole> consoleFactory) {
        this(screen, board, screen::readInput, frameInterval, consoleFactory);
    }

    public RolloutConsole console() {
        return console;
    }

    /** Frames drawn so far. */
    public long frames() {
        return frames.get();
    }

    private void post(Runnable task) {
        tasks.add(task);
    }

    /** Marks the screen dirty; many changes before the next frame queue one wake-up, not one each. */
    private void changed() {
        if (changeQueued.compareAndSet(false, true)) {
            tasks.add(() -> changeQueued.set(false));
        }
    }

    /** Ends the loop from any thread. */
    public void stop() {
        stopped = true;
        tasks.add(() -> { });
    }

    /** Runs until the person quits, the input ends, or {@link #stop()}; restores the terminal on the way out. */
    public void run() throws IOException {
        screen.startScreen();
        screen.setCursorPosition(null);
        Thread reader = new Thread(this::readKeys, "console-keys");
        reader.setDaemon(true);
        AutoCloseable subscription = board.subscribe(this::changed);
        try {
            reader.start();
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            reader.interrupt();
            unsubscribe(subscription);
            console.close();
            try {
                screen.stopScreen();
            } catch (IOException e) {
                // the far end may already be gone; nothing to restore then
                LOG.debug("stopping the screen", e);
            }
        }
    }

    private static void unsubscribe(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing from the board", e);
        }
    }

    private void loop() throws IOException, InterruptedException {
        boolean dirty = true;
        boolean repaintAll = false;
        while (!stopped && !console.quitRequested()) {
            TerminalSize resized = screen.doResizeIfNecessary();
            if (resized != null) {
                dirty = true;
                // the terminal reflowed what it showed, so what the screen believes is there is stale
                repaintAll = true;
            }
            long now = System.nanoTime();
            if (dirty && pacer.due(now)) {
                draw(repaintAll);
                pacer.drew(now);
                dirty = false;
                repaintAll = false;
            }
            long waitNanos = dirty ? pacer.nanosUntilDue(System.nanoTime()) : TICK.toNanos();
            Runnable task = tasks.poll(Math.max(1, waitNanos), TimeUnit.NANOSECONDS);
            if (task == null) {
                dirty = true;
                continue;
            }
            do {
                task.run();
                task = tasks.poll();
            } while (task != null && !console.quitRequested());
            dirty = true;
        }
    }

    private void draw(boolean repaintAll) throws IOException {
        screen.clear();
        Canvas canvas = new Canvas(screen.newTextGraphics(), screen.getTerminalSize(), console.palette());
        console.update(screen.getTerminalSize());
        console.draw(canvas);
        screen.refresh(repaintAll ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        frames.incrementAndGet();
    }

    private void readKeys() {
        try {
            while (!stopped) {
                KeyStroke key = keys.read();
                if (key == null) {
                    continue;
                }
                tasks.add(() -> console.handle(key));
                if (key.getKeyType() == KeyType.EOF) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("reading keys", e);
            tasks.add(() -> console.handle(new KeyStroke(KeyType.EOF)));
        } catch (InterruptedException e) {
            // the loop is ending and stopped this reader
            Thread.currentThread().interrupt();
        }
    }
}
