package io.cicdmanager.tui;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.ssh.ConsoleSshServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cicd serve}: the rollouts console, shell and rollout commands over SSH, for the people in a users file. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the rollouts console over SSH: public keys only, roles from the users file.",
            "A session with a terminal gets the console; without one, the line-mode shell or the command given.",
            "Runs until stopped."})
final class ServeCommand implements Callable<Integer> {
    private final CliContext context;
    private final TerminalOptions.BackendOpener backends;

    @Option(names = "--port", defaultValue = "2222", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--host-key", required = true, paramLabel = "FILE",
            description = "The server's private host key; created there on first start, never replaced.")
    String hostKey;

    @Option(names = "--users", required = true, paramLabel = "FILE",
            description = "Users file: users: [{name, role: viewer|operator|admin, keys: [\"ssh-ed25519 …\"]}].")
    String users;

    @Option(names = "--idle-timeout", defaultValue = "15m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = {"Close sessions on which nothing moved for this long: nothing "
                + "typed and nothing new on the screen (default: ${DEFAULT-VALUE}).",
                "A console showing a live rollout keeps its session open."})
    Duration idleTimeout;

    @Option(names = "--max-session-duration", defaultValue = "12h", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Close any session after this long (default: ${DEFAULT-VALUE}).")
    Duration maxSessionDuration;

    @Option(names = "--max-sessions", defaultValue = "50", paramLabel = "N",
            description = "Refuse logins beyond this many sessions (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Show this namespace in the console (default: all).")
    String namespace;

    @Mixin
    TerminalOptions cluster = new TerminalOptions();

    ServeCommand(CliContext context) {
        this(context, (c, options, ns) -> options.open(c, ns));
    }

    ServeCommand(CliContext context, TerminalOptions.BackendOpener backends) {
        this.context = context;
        this.backends = backends;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port: " + port + " is not a port (0 to 65535)");
        }
        if (maxSessions < 1) {
            throw new UsageException("--max-sessions: must be at least 1");
        }
        ConsoleSshServer.Options options = new ConsoleSshServer.Options(bind, port, context.resolve(hostKey), hostKey,
                context.resolve(users), users, idleTimeout, maxSessionDuration, maxSessions, namespace);
        ConsoleSshServer.check(options);
        AuditLog audit = cluster.auditFile(context);
        CliContext sessions = context.withEnv(cluster.sessionEnv(context));
        try (TerminalBackend backend = backends.open(context, cluster, namespace);
                ConsoleSshServer server = new ConsoleSshServer(options, backend, sessions, Main.terminalCommands(),
                        audit)) {
            server.start();
            context.out().println("cicd serve: listening on " + bind + ":" + server.port() + "; host key "
                    + server.hostKeyFingerprint() + "; " + server.users().summary() + " from " + users);
            context.out().flush();
            Stoppable.awaitShutdown();
        }
        context.out().println("cicd serve: stopped");
        return ExitCode.OK;
    }
}
