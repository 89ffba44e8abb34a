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
    private final java.util.function.Function<CliContext, RecordNames> names;
    private final TerminalOpener opener;

    @Option(names = "--readonly", description = "Refuse the commands that change rollouts.")
    boolean readOnly;

    ShellCommand(CliContext context) {
        this(context, RecordNames::new, () -> TerminalBuilder.builder().system(true).build());
    }

    /** @param names the rollout names completion offers, for this context */
    ShellCommand(CliContext context, java.util.function.Function<CliContext, RecordNames> names,
            TerminalOpener opener) {
        this.context = context;
        this.names = names;
        this.opener = opener;
    }

    @Override
    public Integer call() throws IOException {
        SessionCommands commands = new SessionCommands(context, Main.terminalCommands(), CommandPolicy.local());
        try (Terminal terminal = opener.open(); RecordNames rollouts = names.apply(context)) {
            return new RolloutShell(terminal, commands, LocalAccess.of(context, readOnly), rollouts).run();
        }
    }
}
