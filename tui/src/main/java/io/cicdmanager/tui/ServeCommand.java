package io.cicdmanager.tui;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.ssh.ConsoleSshServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cicd serve}: the rollouts console, shell and rollout commands over SSH, for the people in a users file. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the rollouts console over SSH: public keys only, roles from the users file.",
            "A session with a terminal gets the console; without one, the line-mode shell or the command given.",
            "Runs until stopped."})
final class ServeCommand implements Callable<Integer> {
    private final CliContext context;
    private final TerminalBackend backend;

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
            paramLabel = "DURATION", description = "Close sessions with no input for this long (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Append logins, refusals, reloads and timeouts to this JSON Lines audit trail.")
    String auditLog;

    ServeCommand(CliContext context) {
        this(context, TerminalBackend.process());
    }

    ServeCommand(CliContext context, TerminalBackend backend) {
        this.context = context;
        this.backend = backend;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new io.cicdmanager.UsageException("--port: " + port + " is not a port (0 to 65535)");
        }
        if (maxSessions < 1) {
            throw new io.cicdmanager.UsageException("--max-sessions: must be at least 1");
        }
        AuditLog audit = auditLog == null ? AuditLog.none() : new JsonLinesAuditLog(context.resolve(auditLog));
        ConsoleSshServer.Options options = new ConsoleSshServer.Options(bind, port, context.resolve(hostKey), hostKey,
                context.resolve(users), users, idleTimeout, maxSessionDuration, maxSessions, namespace);
        CountDownLatch stopped = new CountDownLatch(1);
        try (ConsoleSshServer server = new ConsoleSshServer(options, backend.board(), backend.actions(), context,
                Main.terminalCommands(), audit)) {
            server.start();
            context.out().println("cicd serve: listening on " + bind + ":" + server.port() + "; host key "
                    + server.hostKeyFingerprint() + "; " + server.users().summary() + " from " + users);
            context.out().flush();
            Thread hook = new Thread(stopped::countDown, "cicd-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                removeHook(hook);
            }
        }
        context.out().println("cicd serve: stopped");
        return ExitCode.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, which is why we stopped
        }
    }
}
