package io.cicdmanager.tui.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.time.SystemSleeper;
import io.cicdmanager.tui.AwaitText;
import io.cicdmanager.tui.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * End to end: {@code cicd demo --no-tui --ssh-port 0 --users FILE} running in this JVM, the real
 * engine rolling out its three applications, and the real OpenSSH client in a real terminal (tmux) logging in.
 */
class DemoOverSshEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("SSH on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path dir;

    private static final StringWriter demoOut = new StringWriter();
    private static Thread demo;
    private static final AtomicInteger demoExit = new AtomicInteger(-1);
    private static SshKeys alice;
    private static SshKeys bob;
    private static SshKeys mallory;
    private static int port;

    private Tmux tmux;
    private Path work;

    @BeforeAll
    static void startTheDemo() throws Exception {
        RequiredBinary.require("ssh", "ssh-keygen", "tmux");
        alice = SshKeys.generate(dir, "alice");
        bob = SshKeys.generate(dir, "bob");
        mallory = SshKeys.generate(dir, "mallory");
        Files.writeString(dir.resolve("users.yaml"), "users:\n"
                + "  - {name: alice, role: operator, keys: [\"" + alice.publicLine() + "\"]}\n"
                + "  - {name: bob, role: viewer, keys: [\"" + bob.publicLine() + "\"]}\n");
        CliContext context = new CliContext(dir, Map.of("HOME", dir.toString()), new PrintWriter(demoOut, true),
                new PrintWriter(demoOut, true), Clock.systemUTC(), new SystemSleeper());
        // Demo time at 5x: an engine stalled by a loaded machine for less than 3 s is not taken for orphaned.
        demo = new Thread(() -> demoExit.set(Cicd.execute(context, Main.terminalCommands(), "demo",
                "--no-tui", "--speed", "5", "--ssh-port", "0", "--users", "users.yaml", "--host-key", "host_key",
                "--audit-log", "audit.jsonl")), "cicd-demo");
        demo.start();
        Matcher m = LISTENING.matcher(AwaitText.shows("the demo", demoOut::toString, WAIT, "SSH on 127.0.0.1:"));
        assertThat(m.find()).isTrue();
        port = Integer.parseInt(m.group(1));
    }

    @AfterAll
    static void stopTheDemo() throws InterruptedException {
        if (demo != null) {
            demo.interrupt();
            demo.join(30_000);
            assertThat(demoExit.get()).as(demoOut.toString()).isZero();
        }
    }

    @BeforeEach
    void terminal(@TempDir Path each) {
        work = each;
        tmux = new Tmux(each);
    }

    @AfterEach
    void closeTerminal() throws Exception {
        tmux.close();
    }

    private static List<String> options(SshKeys key) {
        return new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", Integer.toString(port), "-i",
                key.privateKey().toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no", "-o", "BatchMode=yes", "-o",
                "LogLevel=ERROR"));
    }

    private static List<String> exec(SshKeys key, String user, String... command) {
        List<String> line = options(key);
        line.add("-T");
        line.add(user + "@127.0.0.1");
        line.addAll(List.of(command));
        return line;
    }

    private void login(SshKeys key, String user, int columns, int rows) throws Exception {
        List<String> line = options(key);
        line.add("-t");
        line.add(user + "@127.0.0.1");
        String command = String.join(" ", line.stream().map(a -> "'" + a + "'").toList());
        tmux.start(columns, rows, "sh -c \"" + command + "; echo ssh exited \\$?; sleep 600\"");
    }

    private String awaitScreen(String... texts) {
        return AwaitText.shows("the screen", tmux::screen, WAIT, texts);
    }

    private static String row(String screen, String text) {
        return screen.lines().filter(l -> l.contains(text)).findFirst().orElse("");
    }

    private JsonNode status(SshKeys key, String user, String... args) throws Exception {
        List<String> words = new ArrayList<>(List.of("status"));
        words.addAll(List.of(args));
        words.addAll(List.of("-o", "json"));
        Processes.Result r = Processes.run(work, null, exec(key, user, words.toArray(String[]::new)));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return ObjectMappers.json().readTree(r.out());
    }

    @Test
    void anOperatorAbortsAPausedRolloutWithAReasonAndTheRecordNamesHerByKey() throws Exception {
        login(alice, "alice", 140, 40);
        awaitScreen("demo/checkout", "demo/payments", "demo/search", "alice (operator)", "3/3 rollouts");
        await().atMost(WAIT).until(() -> row(tmux.screen(), "demo/search").contains("‖ Paused"));
        tmux.type("/search");
        tmux.keys("Enter");
        tmux.keys("Enter");
        awaitScreen("rollout demo/search", "‖ Paused", "Revisions and pods", "● canary  search-canary-");
        tmux.keys("a");
        awaitScreen("Abort demo/search? traffic goes back to stable now");
        tmux.keys("y");
        awaitScreen("Reason for abort of demo/search:");
        tmux.type("game day");
        tmux.keys("Enter");
        awaitScreen("✔ engine acknowledged abort of demo/search: rolling back: traffic goes to stable first");

        String actor = "alice (" + alice.fingerprint() + ")";
        JsonNode record = status(alice, "alice", "search");
        assertThat(record.get("lastAck").get("outcome").asString()).isEqualTo("applied");
        assertThat(record.get("lastAck").get("action").asString()).isEqualTo("abort");
        await().atMost(WAIT).until(() -> status(alice, "alice", "search").get("status").get("phase").asString()
                .equals("RolledBack"));
        List<String> byAlice = new ArrayList<>();
        for (JsonNode t : status(alice, "alice", "search").get("status").get("transitions")) {
            if (t.get("actor").asString().equals(actor)) {
                byAlice.add(t.get("to").asString() + ": " + t.get("reason").asString());
            }
        }
        assertThat(byAlice).anySatisfy(t -> assertThat(t).startsWith("Aborting").contains("game day"))
                .anySatisfy(t -> assertThat(t).startsWith("RolledBack"));
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"actor\":\"" + actor + "\"",
                "\"source\":\"ssh\"", "\"action\":\"abort\"", "\"reason\":\"game day\"", "\"outcome\":\"written\"",
                "\"outcome\":\"applied: rolling back: traffic goes to stable first\"");
        tmux.keys("q");
        awaitScreen("ssh exited 0");
    }

    /** A command over SSH waits for the engine in real time: demo time runs faster than the person waiting. */
    @Test
    void promoteOverSshIsAcknowledgedByTheDemosEngine() throws Exception {
        await().atMost(WAIT).until(() -> status(alice, "alice", "search").get("status").get("phase").asString()
                .equals("Paused"));
        Processes.Result promote = Processes.run(work, null, exec(alice, "alice", "promote", "search", "--reason",
                "\"looks good\""));
        assertThat(promote.exitCode()).as(promote.out() + promote.err()).isZero();
        assertThat(promote.out()).contains("promote written to rollout demo/search by alice",
                "acknowledged by demo-engine-search-", "applied");
        JsonNode search = status(alice, "alice", "search");
        assertThat(search.get("heartbeatAgeSeconds").asLong()).as("demo time on both sides").isBetween(0L, 60L);
    }

    @Test
    void aViewerSeesTheRolloutsButHerAbortIsRefusedOnScreenAndAsACommand() throws Exception {
        login(bob, "bob", 140, 40);
        awaitScreen("demo/checkout", "bob (viewer)", "(read-only: bob is a viewer)");
        tmux.keys("a");
        awaitScreen("abort is off — read-only: bob is a viewer");
        Processes.Result refused = Processes.run(work, null, exec(bob, "bob", "abort", "search", "--reason",
                "\"not mine\""));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("cicd abort: not allowed — read-only: bob is a viewer; the operator or admin "
                + "role is needed");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).doesNotContain("not mine");
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        Processes.Result r = Processes.run(work, null, exec(mallory, "alice", "status"));
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.err()).contains("Permission denied (publickey)");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains(mallory.fingerprint(),
                "refused from 127.0.0.1: unknown key");
    }

    @Test
    void resizingTheClientsTerminalReflowsTheConsole() throws Exception {
        login(alice, "alice", 140, 30);
        awaitScreen("STRATEGY", "HEARTBEAT", "demo/payments");
        tmux.resize(64, 20);
        await().atMost(WAIT).until(() -> {
            String s = tmux.screen();
            return s.contains("demo/payments") && s.contains("PHASE") && !s.contains("STRATEGY");
        });
        tmux.resize(140, 30);
        awaitScreen("STRATEGY");
    }

    @Test
    void statusAsJsonWorksWithoutATerminal() throws Exception {
        JsonNode all = status(bob, "bob");
        assertThat(all.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        for (JsonNode r : all) {
            names.add(r.get("namespace").asString() + "/" + r.get("name").asString());
            assertThat(r.get("status").get("heartbeat").get("engine").asString()).startsWith("demo-engine-");
        }
        assertThat(names).containsExactly("demo/checkout", "demo/payments", "demo/search");
    }
}
