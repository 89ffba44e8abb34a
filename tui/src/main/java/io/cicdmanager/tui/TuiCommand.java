package io.cicdmanager.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import io.cicdmanager.UsageException;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.screen.ConsoleLoop;
import io.cicdmanager.tui.screen.Palette;
import io.cicdmanager.tui.screen.RolloutConsole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cicd tui}: the rollouts console in this terminal. */
@Command(name = "tui", mixinStandardHelpOptions = true,
        description = {"Opens the rollouts console in this terminal: every rollout live, with k9s keys (? for help).",
            "Actions ask for confirmation and a reason; --readonly turns them off."})
final class TuiCommand implements Callable<Integer> {
    private static final Duration FRAME = Duration.ofMillis(100);

    /** Opens the terminal the console runs in; a test opens a virtual one. */
    interface ScreenOpener {
        TerminalScreen open() throws IOException;
    }

    private final CliContext context;
    private final TerminalBackend backend;
    private final ScreenOpener opener;
    private final ConsoleLoop.KeySource keys;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Show one namespace (default: all).")
    String namespace;

    @Option(names = "--readonly", description = "Watch only: action keys are off.")
    boolean readOnly;

    TuiCommand(CliContext context) {
        this(context, TerminalBackend.process(), TuiCommand::openLocal, null);
    }

    /** @param keys where keys come from; null reads them from the screen's terminal */
    TuiCommand(CliContext context, TerminalBackend backend, ScreenOpener opener, ConsoleLoop.KeySource keys) {
        this.context = context;
        this.backend = backend;
        this.opener = opener;
        this.keys = keys;
    }

    private static TerminalScreen openLocal() throws IOException {
        if (System.console() == null) {
            throw new UsageException("needs a terminal (standard input and output are not one); for scripts use "
                    + "'cicd status -o json', or ssh -t to get a terminal");
        }
        Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true).createTerminal();
        return new TerminalScreen(terminal);
    }

    @Override
    public Integer call() throws IOException {
        Access access = LocalAccess.of(context, readOnly);
        TerminalScreen screen = opener.open();
        boolean noColor = context.getenv("NO_COLOR").isPresent();
        java.util.function.Function<java.util.concurrent.Executor, RolloutConsole> console =
                ui -> new RolloutConsole(backend.board(), backend.actions(), access, Palette.forNoColor(noColor),
                        context.clock(), ui, namespace);
        ConsoleLoop loop = keys == null ? new ConsoleLoop(screen, backend.board(), FRAME, console)
                : new ConsoleLoop(screen, backend.board(), keys, FRAME, console);
        loop.run();
        return ExitCode.OK;
    }
}
