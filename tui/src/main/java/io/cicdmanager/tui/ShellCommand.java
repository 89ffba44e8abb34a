package io.cicdmanager.tui;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.tui.shell.CommandPolicy;
import io.cicdmanager.tui.shell.RolloutShell;
import io.cicdmanager.tui.shell.SessionCommands;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cicd shell}: the line-mode shell in this terminal, with completion of commands and rollout names. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Opens a line-mode shell for cicd commands, completing commands, options and rollout names.",
            "The same shell answers SSH sessions that have no terminal."})
final class ShellCommand implements Callable<Integer> {
    /** Opens the terminal the shell reads from; a test opens one over streams. */
    interface TerminalOpener {
        Terminal open() throws IOException;
    }

    private final CliContext context;
    private final TerminalBackend backend;
    private final TerminalOpener opener;

    @Option(names = "--readonly", description = "Refuse the commands that change rollouts.")
    boolean readOnly;

    ShellCommand(CliContext context) {
        this(context, TerminalBackend.process(), () -> TerminalBuilder.builder().system(true).build());
    }

    ShellCommand(CliContext context, TerminalBackend backend, TerminalOpener opener) {
        this.context = context;
        this.backend = backend;
        this.opener = opener;
    }

    @Override
    public Integer call() throws IOException {
        SessionCommands commands = new SessionCommands(context, Main.terminalCommands(), CommandPolicy.local());
        try (Terminal terminal = opener.open()) {
            return new RolloutShell(terminal, commands, LocalAccess.of(context, readOnly), backend.board()).run();
        }
    }
}
