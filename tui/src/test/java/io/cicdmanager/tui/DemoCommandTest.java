package io.cicdmanager.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cicdmanager.cli.Cicd;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.tui.demo.ScaledTime;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.screen.RecordingActions;
import io.cicdmanager.tui.ssh.ConsoleSshServer;
import io.cicdmanager.tui.ssh.MutableClock;
import io.cicdmanager.time.SystemSleeper;
import io.cicdmanager.tui.screen.VirtualScreen;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cicd demo} in this JVM: the real engine on demo time against the in-process API server. */
class DemoCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The real clock and sleeper: demo time is a multiple of them. */
    private CliContext context() {
        return new CliContext(dir, Map.of("USER", "dana", "HOME", dir.toString()), new PrintWriter(out, true),
                new PrintWriter(err, true), Clock.systemUTC(), new SystemSleeper());
    }

    private int cicd(String... args) {
        return Cicd.execute(context(), Main.terminalCommands(), args);
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() throws Exception {
        assertThat(cicd("demo", "--no-tui", "--ssh-port", "2222")).isEqualTo(2);
        assertThat(err.toString()).contains("--ssh-port needs --users FILE: the people who may log in");
        assertThat(cicd("demo", "--no-tui", "--users", "users.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("--users goes with --ssh-port PORT");
        assertThat(cicd("demo", "--no-tui", "--speed", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--speed: 0.0 is not a speed from above 0 to 1000");
        assertThat(cicd("demo", "--no-tui", "--speed", "5000")).isEqualTo(2);
        assertThat(cicd("demo", "--no-tui", "--ssh-port", "99999", "--users", "u.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("--ssh-port: 99999 is not a port");
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - {name: alice, role: boss, keys: [\"x\"]}\n");
        assertThat(cicd("demo", "--no-tui", "--ssh-port", "0", "--users", "users.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("users.yaml:2:", "'boss' is not one of viewer, operator, admin");
        assertThat(cicd("demo")).as("without a terminal, and not asked for --no-tui").isEqualTo(2);
        assertThat(err.toString()).contains("demo: needs a terminal", "'cicd demo --no-tui'");
        assertThat(out.toString()).as("nothing started").doesNotContain("API server");
    }

    @Test
    void stoppedBySigtermTheDemoRemovesItsFilesAndSaysNothingAlarming() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path stdout = dir.resolve("out.txt");
        Path stderr = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo",
                "--no-tui").redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("HOME", dir.toString());
        Process demo = builder.start();
        try {
            await().atMost(WAIT).until(() -> Files.readString(stdout).contains("printing every transition"));
            assertThat(demoDirs(tmp)).as("the demo's files while it runs").hasSize(1);
            await().atMost(WAIT).until(() -> Files.readString(stdout).contains("by demo:"));
            demo.destroy();
            assertThat(demo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
        } finally {
            demo.destroyForcibly();
        }
        assertThat(demoDirs(tmp)).as("dora.db and the kubeconfig are gone").isEmpty();
        assertThat(Files.readString(stderr)).doesNotContain("ERROR").doesNotContain("Exception");
    }

    private static java.util.List<Path> demoDirs(Path tmp) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("cicd-demo-")).toList();
        }
    }

    @Test
    void theDemosSshLimitsRunOnTheRealClockWhileItsSessionsRunOnDemoTime() {
        MutableClock real = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        CliContext context = new CliContext(dir, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                real, d -> { });
        ScaledTime time = new ScaledTime(real, d -> { }, 20);
        ConsoleSshServer.Options options = new ConsoleSshServer.Options("127.0.0.1", 0, dir.resolve("host_key"),
                "host_key", dir.resolve("users.yaml"), "users.yaml", Duration.ofMinutes(15), Duration.ofHours(12), 50,
                null);
        ConsoleSshServer server = DemoCommand.sshServer(context, options, new TerminalBackend(new RolloutBoard(),
                new RecordingActions()), time.clock(), dir.resolve("kubeconfig"), null, AuditLog.none());
        Instant limitsBefore = server.limitsClock().instant();
        Instant demoBefore = server.context().clock().instant();
        real.advance(Duration.ofMinutes(1));
        assertThat(Duration.between(demoBefore, server.context().clock().instant())).as("the sessions' clock")
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(io.cicdmanager.time.ScaledClock.unscaled(server.context().clock()))
                .as("what a person waits for in a session").isSameAs(real);
        assertThat(Duration.between(limitsBefore, server.limitsClock().instant()))
                .as("a minute of the idle timeout, the session cap and the lockout is a real minute")
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void withoutTheConsoleItPrintsEveryTransitionOfTheThreeStoriesAndRunsUntilStopped() throws Exception {
        AtomicInteger code = new AtomicInteger(-1);
        Thread demo = new Thread(() -> code.set(cicd("demo", "--no-tui", "--speed", "50", "--audit-log",
                "audit.jsonl")));
        demo.start();
        try {
            awaitOut("demo/payments Progressing → Aborting by cicd-manager: check error-rate failed",
                    "demo/payments Aborting → RolledBack", "demo/search Progressing → Paused by demo: waiting for "
                            + "someone to promote it", "demo/search pause by demo (waiting for someone to promote it) → "
                            + "applied: paused", "demo/checkout Promoting → Succeeded by cicd-manager: every step passed");
            assertThat(out.toString()).startsWith("cicd demo: starting an in-process Kubernetes API server, three "
                    + "applications and the engines that roll them out; this takes a few seconds…\n");
            assertThat(out.toString()).contains("cicd demo: Kubernetes API server (Fabric8's CRUD server) on http",
                    "namespace demo; kubeconfig ", "checkout: a healthy canary", "demo time runs at 50x real time",
                    "printing every transition; stop with ctrl-c");
            awaitOut("demo/checkout Pending → Progressing");

            // From another terminal, with the kubeconfig the demo printed and the wall clock: ages read in demo time.
            java.util.regex.Matcher k = java.util.regex.Pattern.compile("kubeconfig (\\S+)").matcher(out.toString());
            assertThat(k.find()).isTrue();
            StringWriter statusOut = new StringWriter();
            CliContext elsewhere = new CliContext(dir, Map.of("USER", "erin"), new PrintWriter(statusOut, true),
                    new PrintWriter(err, true), Clock.systemUTC(), new SystemSleeper());
            // At 50x a heartbeat is 0.1 s of real time and an orphan 0.3 s: a loaded machine can stall an engine that
            // long, so the look is repeated until one finds every engine beating, as a person would look again.
            await().atMost(WAIT).untilAsserted(() -> {
                statusOut.getBuffer().setLength(0);
                assertThat(Cicd.execute(elsewhere, Main.terminalCommands(), "status", "--kubeconfig", k.group(1), "-o",
                        "json")).isZero();
                for (var r : io.cicdmanager.json.ObjectMappers.json().readTree(statusOut.toString())) {
                    assertThat(r.get("heartbeatAgeSeconds").asLong()).as(r.toString()).isBetween(0L, 120L);
                    assertThat(r.get("orphaned").asBoolean()).as(r.toString()).isFalse();
                }
            });
            statusOut.getBuffer().setLength(0);
            // search waits paused for someone to promote it: promote is acknowledged within a real 10 s
            assertThat(Cicd.execute(elsewhere, Main.terminalCommands(), "promote", "search", "--kubeconfig",
                    k.group(1))).as(err.toString()).isZero();
            assertThat(statusOut.toString()).contains("acknowledged by demo-engine-search-", "applied");

            assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"action\":\"transition\"",
                    "\"outcome\":\"RolledBack\"", "\"source\":\"demo\"");
        } finally {
            demo.interrupt();
            demo.join(30_000);
        }
        assertThat(code.get()).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theConsoleHereAbortsARolloutAndTheEngineAcknowledgesIt() throws Exception {
        VirtualScreen screen = new VirtualScreen(140, 40);
        BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
        DemoCommand command = new DemoCommand(context(), screen::screen, keys::take);
        command.speed = 5;
        AtomicInteger code = new AtomicInteger(-1);
        Thread demo = new Thread(() -> {
            try {
                code.set(command.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        demo.start();
        try {
            awaitScreen(screen, "demo/checkout", "demo/payments", "demo/search", "dana (operator)", "3/3 rollouts");
            await().atMost(WAIT).until(() -> screen.text().contains("demo/checkout") && lineOf(screen, "demo/checkout")
                    .contains("◌ Progressing"));
            type(keys, "/checkout");
            keys.add(new KeyStroke(KeyType.Enter));
            keys.add(new KeyStroke(KeyType.Enter));
            awaitScreen(screen, "rollout demo/checkout", "Revisions and pods", "● stable  checkout-");
            type(keys, "ay");
            type(keys, "game day");
            keys.add(new KeyStroke(KeyType.Enter));
            awaitScreen(screen, "✔ engine acknowledged abort of demo/checkout: rolling back: traffic goes to stable");
            awaitScreen(screen, "↩ RolledBack", "dana (local)  abort “game day” → applied");
            type(keys, ":dora");
            keys.add(new KeyStroke(KeyType.Enter));
            awaitScreen(screen, "DORA four keys over 30 days", "checkout · demo · team payments",
                    "search · demo · team discovery");
            keys.add(new KeyStroke('q', false, false));
            demo.join(30_000);
        } finally {
            demo.interrupt();
            demo.join(30_000);
        }
        assertThat(code.get()).isZero();
    }

    private static void type(BlockingQueue<KeyStroke> keys, String text) {
        for (char c : text.toCharArray()) {
            keys.add(new KeyStroke(c, false, false));
        }
    }

    private static String lineOf(VirtualScreen screen, String text) {
        return screen.lines().stream().filter(l -> l.contains(text)).findFirst().orElse("");
    }

    private void awaitOut(String... texts) {
        AwaitText.shows("the demo's output", () -> out + err.toString(), WAIT, texts);
    }

    private static void awaitScreen(VirtualScreen screen, String... texts) {
        AwaitText.shows("the screen", screen::text, WAIT, texts);
    }
}
