package io.cicdmanager.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import io.cicdmanager.UsageException;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.screen.ConsoleLoop;
import io.cicdmanager.tui.screen.Palette;
import io.cicdmanager.tui.screen.RolloutConsole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** The console in the terminal this process runs in: what {@code cicd tui} and {@code cicd demo} open. */
final class LocalConsole {
    static final Duration FRAME = Duration.ofMillis(100);

    /** Opens the terminal the console runs in; a test opens a virtual one. */
    interface ScreenOpener {
        /** Fails, before anything else is started, when there is no terminal to open. */
        default void check() {
        }

        TerminalScreen open() throws IOException;

        /**
         * Keeps what would be written to standard error off the screen while the console runs, and gives it back
         * when the handle is closed: a log line in the middle of a full-screen console would tear it.
         */
        default AutoCloseable holdStandardError() {
            return () -> { };
        }
    }

    /** The process's own terminal. */
    static final ScreenOpener SYSTEM = new ScreenOpener() {
        @Override
        public void check() {
            if (System.console() == null) {
                throw new UsageException("needs a terminal (standard input and output are not one); for scripts use "
                        + "'cicd status -o json' (the demo: 'cicd demo --no-tui'), or ssh -t to get a terminal");
            }
        }

        @Override
        public TerminalScreen open() throws IOException {
            Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true).createTerminal();
            return new TerminalScreen(terminal);
        }

        @Override
        public AutoCloseable holdStandardError() {
            PrintStream original = System.err;
            ByteArrayOutputStream held = new ByteArrayOutputStream();
            System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
            return () -> {
                System.setErr(original);
                original.print(held.toString(StandardCharsets.UTF_8));
                original.flush();
            };
        }
    };

    private LocalConsole() {
    }

    /**
     * Runs the console until the person quits.
     *
     * @param keys where keys come from; null reads them from the screen's terminal
     * @param clock the time ages and heartbeats are measured against (the demo's runs faster)
     */
    static void run(CliContext context, TerminalBackend backend, Access access, String namespace, ScreenOpener opener,
            ConsoleLoop.KeySource keys, Clock clock) throws Exception {
        boolean noColor = context.getenv("NO_COLOR").isPresent();
        java.util.function.Function<java.util.concurrent.Executor, RolloutConsole> console =
                ui -> new RolloutConsole(backend.board(), backend.actions(), backend.dora(), access,
                        Palette.forNoColor(noColor), clock, ui, namespace);
        TerminalScreen screen = opener.open();
        ConsoleLoop loop = keys == null ? new ConsoleLoop(screen, backend.board(), FRAME, console)
                : new ConsoleLoop(screen, backend.board(), keys, FRAME, console);
        try (AutoCloseable held = opener.holdStandardError()) {
            loop.run();
        }
    }
}
