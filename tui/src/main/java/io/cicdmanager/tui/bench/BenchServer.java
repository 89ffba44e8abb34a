package io.cicdmanager.tui.bench;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.kube.InProcessApiServer;
import io.cicdmanager.rollout.AbortLatencyBench.HeldCanary;
import io.cicdmanager.tui.Main;
import io.cicdmanager.tui.TerminalBackend;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.ssh.ConsoleSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * What both SSH benchmarks run on: Fabric8's API server in this process, the terminal's real backend on it (one
 * informer, the board), the real SSH server with an operator's key in its users file, and MINA's SSH client to log
 * in with that key.
 */
final class BenchServer implements AutoCloseable {
    private final InProcessApiServer api;
    private final TerminalBackend backend;
    private final ConsoleSshServer ssh;
    private final SshClient client;
    private final KeyPair key;
    private final CliContext context;

    BenchServer(CliContext context, Path dir, String namespace, int maxSessions) throws IOException,
            GeneralSecurityException {
        this.context = context;
        key = operatorKey();
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - {name: bench, role: operator, keys: [\""
                + PublicKeyEntry.toString(key.getPublic()) + "\"]}\n");
        api = new InProcessApiServer();
        backend = TerminalBackend.cluster(api.client(), context.clock(), namespace, AuditLog.none(),
                DoraBoard.unavailable("no DORA store in a benchmark"), () -> { });
        ConsoleSshServer.Options options = new ConsoleSshServer.Options("127.0.0.1", 0, dir.resolve("host_key"),
                "host_key", dir.resolve("users.yaml"), "users.yaml", Duration.ofHours(1), Duration.ofHours(12),
                maxSessions, namespace);
        ssh = new ConsoleSshServer(options, backend, context, Main.terminalCommands(), AuditLog.none());
        ssh.start();
        client = SshClient.setUpDefaultClient();
        // The host key was made a moment ago by this process; there is nothing to verify it against.
        client.setServerKeyVerifier((session, address, serverKey) -> true);
        client.start();
    }

    private static KeyPair operatorKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    InProcessApiServer api() {
        return api;
    }

    /** A canary held at 50 % on this server's API, its engines on the command line's clock and sleeper. */
    HeldCanary heldCanary() {
        return new HeldCanary(api.client(), context.clock(), context.sleeper());
    }

    /** The command line's clock: the wall clock, since wall time is what the benchmarks measure. */
    java.time.Clock clock() {
        return context.clock();
    }

    TerminalBackend backend() {
        return backend;
    }

    /** A new SSH session of the operator, with a terminal of {@code columns} by {@code rows}. */
    BenchClient login(int columns, int rows, String name) throws IOException {
        return new BenchClient(client, ssh.port(), "bench", key, columns, rows, name);
    }

    @Override
    public void close() throws Exception {
        client.stop();
        ssh.close();
        backend.close();
        try {
            api.close();
        } catch (IllegalStateException e) {
            // the mock server gives up waiting for its last connections; the benchmark is over either way
        }
    }
}
