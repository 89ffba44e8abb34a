package io.cicdmanager.tui;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.screen.ConsoleLoop;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cicd tui}: the rollouts console in this terminal. */
@Command(name = "tui", mixinStandardHelpOptions = true,
        description = {"Opens the rollouts console in this terminal: every rollout live, with k9s keys (? for help).",
            "Actions ask for confirmation and a reason; --readonly turns them off. :dora shows the DORA keys."})
final class TuiCommand implements Callable<Integer> {
    private final CliContext context;
    private final TerminalOptions.BackendOpener backends;
    private final LocalConsole.ScreenOpener opener;
    private final ConsoleLoop.KeySource keys;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Show one namespace (default: all).")
    String namespace;

    @Option(names = "--readonly", description = "Watch only: action keys are off.")
    boolean readOnly;

    @Mixin
    TerminalOptions cluster = new TerminalOptions();

    TuiCommand(CliContext context) {
        this(context, (c, options, ns) -> options.open(c, ns), LocalConsole.SYSTEM, null);
    }

    /** @param keys where keys come from; null reads them from the screen's terminal */
    TuiCommand(CliContext context, TerminalOptions.BackendOpener backends, LocalConsole.ScreenOpener opener,
            ConsoleLoop.KeySource keys) {
        this.context = context;
        this.backends = backends;
        this.opener = opener;
        this.keys = keys;
    }

    @Override
    public Integer call() throws Exception {
        opener.check();
        try (TerminalBackend backend = backends.open(context, cluster, namespace)) {
            LocalConsole.run(context, backend, LocalAccess.of(context, readOnly), namespace, opener, keys,
                    context.clock());
        }
        return ExitCode.OK;
    }
}
