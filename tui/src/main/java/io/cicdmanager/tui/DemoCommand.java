package io.cicdmanager.tui;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.cli.AuditLogOption;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.cli.ScratchDirectory;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.kube.InProcessApiServer;
import io.cicdmanager.tui.demo.DemoWorld;
import io.cicdmanager.tui.demo.ScaledTime;
import io.cicdmanager.tui.screen.ConsoleLoop;
import io.cicdmanager.tui.ssh.ConsoleSshServer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cicd demo}: the whole product on this machine in one command. An API server in this process, three
 * applications, the real engine rolling them out on simulated metrics forever, and the console on them (and over
 * SSH when asked).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the product on this machine: an in-process Kubernetes API server with three applications "
            + "that the real engine rolls out forever on simulated metrics (one healthy canary, one that turns bad "
            + "and is rolled back by its checks, one paused for someone to promote), and the console on them.",
            "Demo time runs --speed times faster than the clock. Stop it with q (or ctrl-c with --no-tui)."})
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final double MAX_SPEED = 1000;

    private final CliContext context;
    private final LocalConsole.ScreenOpener opener;
    private final ConsoleLoop.KeySource keys;

    @Option(names = "--speed", defaultValue = "20", paramLabel = "N",
            description = "Demo time runs N times faster than real time (default: ${DEFAULT-VALUE}; 1 is real time).")
    double speed;

    @Option(names = "--ssh-port", paramLabel = "PORT",
            description = "Also serve the console over SSH on this port of 127.0.0.1 (0: any free port); needs --users.")
    Integer sshPort;

    @Option(names = "--users", paramLabel = "FILE", description = "Who may log in over SSH, as for cicd serve.")
    String users;

    @Option(names = "--host-key", paramLabel = "FILE",
            description = "The SSH host key; created on first start, never replaced (default: ~/.cicd/demo_host_key).")
    String hostKey;

    @Option(names = "--no-tui", description = "No console here: print a line per transition and keep running.")
    boolean noTui;

    @Option(names = "--readonly", description = "The console here only watches: action keys are off.")
    boolean readOnly;

    @Mixin
    AuditLogOption auditLog = new AuditLogOption();

    DemoCommand(CliContext context) {
        this(context, LocalConsole.SYSTEM, null);
    }

    DemoCommand(CliContext context, LocalConsole.ScreenOpener opener, ConsoleLoop.KeySource keys) {
        this.context = context;
        this.opener = opener;
        this.keys = keys;
    }

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || speed > MAX_SPEED) {
            throw new UsageException("--speed: " + speed + " is not a speed from above 0 to " + (int) MAX_SPEED);
        }
        if (sshPort != null && users == null) {
            throw new UsageException("--ssh-port needs --users FILE: the people who may log in, with their public keys "
                    + "and roles (see docs/security.md)");
        }
        if (users != null && sshPort == null) {
            throw new UsageException("--users goes with --ssh-port PORT (0 for any free port)");
        }
        if (sshPort != null && (sshPort < 0 || sshPort > 65_535)) {
            throw new UsageException("--ssh-port: " + sshPort + " is not a port (0 to 65535)");
        }
        if (!noTui) {
            opener.check();
        }
        ConsoleSshServer.Options ssh = sshPort == null ? null : sshOptions();
        if (ssh != null) {
            ConsoleSshServer.check(ssh);
        }
        // Starting takes seconds (longer on a busy machine): say what is coming before the terminal goes quiet.
        print("starting an in-process Kubernetes API server, three applications and the engines that roll them out"
                + (noTui ? "" : ", then the console") + "; this takes a few seconds…");
        ScaledTime time = new ScaledTime(context.clock(), context.sleeper(), speed);
        AuditLog auditFile = auditLog.file(context);
        Consumer<String> lines = noTui ? this::print : line -> LOG.debug("demo: {}", line);
        Path dir = Files.createTempDirectory("cicd-demo-");
        // The DORA store opens (schema migrations) and takes its history while the API server starts.
        CompletableFuture<JdbcDoraStore> dora = CompletableFuture.supplyAsync(() -> JdbcDoraStore.open(
                DoraDatabase.sqlite(dir.resolve("dora.db"))));
        DemoWorld world = new DemoWorld(time, auditFile, dora::join, lines);
        CompletableFuture<Integer> history = dora.thenApply(world::seedHistory);
        Cleanup cleanup = new Cleanup(world, dora, dir);
        // Stopped by ctrl-c or SIGTERM, the process ends once the shutdown hooks have run, whatever this thread was
        // doing: the hook stops the demo and removes its files, or waits for this thread to have done so.
        Thread hook = new Thread(cleanup::run, "cicd-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            world.start();
            // So that cicd status, kubectl and the SSH sessions' commands can reach the demo's API server too.
            // Its context names the demo's clock, so that ages and heartbeats read right from another terminal too.
            Path kubeconfig = InProcessApiServer.writeKubeconfig(dir.resolve("kubeconfig"),
                    world.client().getConfiguration().getMasterUrl(), world.namespace(),
                    (io.cicdmanager.time.ScaledClock) time.clock());
            DoraStoreSource.Board doraBoard = DoraStoreSource.board(() -> {
                history.join();
                return dora.join();
            }, time.clock());
            cleanup.backend = TerminalBackend.cluster(world.client(), time.clock(), world.namespace(), auditFile,
                    doraBoard.board(), doraBoard.resources());
            print("Kubernetes API server (Fabric8's CRUD server) on " + world.client().getConfiguration().getMasterUrl()
                    + ", namespace " + world.namespace() + "; kubeconfig " + kubeconfig);
            world.stories().forEach(s -> print("  " + s));
            print(String.format(Locale.ROOT, "demo time runs at %sx real time", format(speed)));
            world.startEngines();
            return serve(ssh, cleanup, time, kubeconfig, auditFile, world);
        } finally {
            // Stopped by an interrupt: clean up all the same, and keep the interrupt for whoever runs this.
            boolean interrupted = Thread.interrupted();
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run, or waits for the cleanup just done
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops everything the demo started and removes its files, once, from whichever thread comes first. */
    private static final class Cleanup {
        private final DemoWorld world;
        private final CompletableFuture<JdbcDoraStore> dora;
        private final Path dir;
        volatile TerminalBackend backend;
        volatile ConsoleSshServer server;
        private boolean done;

        Cleanup(DemoWorld world, CompletableFuture<JdbcDoraStore> dora, Path dir) {
            this.world = world;
            this.dora = dora;
            this.dir = dir;
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            try {
                if (server != null) {
                    server.close();
                }
                // Engines first, while the API server still answers; then the watch, the server, the store.
                world.stopEngines();
                if (backend != null) {
                    backend.close();
                }
                world.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("stopping the demo", e);
            }
            try {
                dora.join().close();
            } catch (CompletionException e) {
                LOG.debug("the demo's DORA store never opened", e);
            } catch (RuntimeException e) {
                LOG.debug("closing the demo's DORA store", e);
            }
            delete(dir);
        }
    }

    private int serve(ConsoleSshServer.Options ssh, Cleanup cleanup, ScaledTime time, Path kubeconfig,
            AuditLog auditFile, DemoWorld world) throws Exception {
        TerminalBackend backend = cleanup.backend;
        if (ssh != null) {
            // Closed by the cleanup, with everything else, from whichever thread stops the demo.
            ConsoleSshServer server = sshServer(context, ssh, backend, time.clock(), kubeconfig,
                    auditLog.path(context).orElse(null), auditFile);
            cleanup.server = server;
            server.start();
            print("SSH on 127.0.0.1:" + server.port() + "; host key " + server.hostKeyFingerprint() + "; "
                    + server.users().summary() + " from " + users);
        }
        if (noTui) {
            print("printing every transition; stop with ctrl-c");
            Stoppable.awaitShutdown();
        } else {
            LocalConsole.run(context, backend, LocalAccess.of(context, readOnly), world.namespace(), opener,
                    keys, time.clock());
        }
        return ExitCode.OK;
    }

    /**
     * The demo's SSH server: the sessions' screens and commands run on demo time, against the demo's API server,
     * and sleep on the real sleeper, so that what a person waits for (promote's --wait) is real time; the idle
     * timeout, the session cap and the failed-login lockout on the real clock, as people live by it.
     */
    static ConsoleSshServer sshServer(CliContext context, ConsoleSshServer.Options ssh, TerminalBackend backend,
            java.time.Clock demoTime, Path kubeconfig, Path auditLogFile, AuditLog auditFile) {
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", kubeconfig.toString());
        if (auditLogFile != null) {
            env.put(AuditLogOption.AUDIT_LOG_ENV, auditLogFile.toString());
        }
        CliContext sessions = context.withEnv(env).withClock(demoTime);
        return new ConsoleSshServer(ssh, backend, sessions, context.clock(), Main.terminalCommands(), auditFile);
    }

    private ConsoleSshServer.Options sshOptions() {
        String keyName = hostKey != null ? hostKey : "~/.cicd/demo_host_key";
        Path keyFile = hostKey != null ? context.resolve(hostKey)
                : context.resolve(context.getenv("HOME").orElse(System.getProperty("user.home")))
                        .resolve(Path.of(".cicd", "demo_host_key"));
        return new ConsoleSshServer.Options("127.0.0.1", sshPort, keyFile, keyName, context.resolve(users), users,
                Duration.ofMinutes(15), Duration.ofHours(12), 50, null);
    }

    private void print(String line) {
        context.out().println("cicd demo: " + line);
        context.out().flush();
    }

    private static String format(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }


    private static void delete(Path dir) {
        try {
            ScratchDirectory.delete(dir);
        } catch (UncheckedIOException e) {
            LOG.debug("removing the demo's files in {}", dir, e);
        }
    }
}
