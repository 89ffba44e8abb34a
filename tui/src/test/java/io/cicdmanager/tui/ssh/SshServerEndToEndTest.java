package io.cicdmanager.tui.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.tui.AwaitText;
import io.cicdmanager.tui.Main;
import io.cicdmanager.tui.TerminalBackend;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.screen.Fixtures;
import io.cicdmanager.tui.screen.RecordingActions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH server against the real OpenSSH client, in a real terminal (tmux). */
class SshServerEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final RolloutBoard board = new RolloutBoard();
    private final RecordingActions actions = new RecordingActions();
    private final MutableClock clock = new MutableClock(Fixtures.NOW);
    private SshKeys alice;
    private SshKeys bob;
    private SshKeys carol;
    private SshKeys mallory;
    private Path users;
    private Path auditLog;
    private ConsoleSshServer server;
    private Tmux tmux;

    @BeforeEach
    void setUp() throws Exception {
        RequiredBinary.require("ssh", "ssh-keygen", "tmux");
        alice = SshKeys.generate(dir, "alice");
        bob = SshKeys.generate(dir, "bob");
        carol = SshKeys.generate(dir, "carol");
        mallory = SshKeys.generate(dir, "mallory");
        users = dir.resolve("users.yaml");
        writeUsers(true);
        auditLog = dir.resolve("audit.jsonl");
        board.replaceAll(Fixtures.all());
        tmux = new Tmux(dir);
    }

    private void writeUsers(boolean withBob) throws IOException {
        StringBuilder yaml = new StringBuilder("users:\n");
        yaml.append("  - {name: alice, role: operator, keys: [\"").append(alice.publicLine()).append("\"]}\n");
        if (withBob) {
            yaml.append("  - {name: bob, role: viewer, keys: [\"").append(bob.publicLine()).append("\"]}\n");
        }
        yaml.append("  - {name: carol, role: admin, keys: [\"").append(carol.publicLine()).append("\"]}\n");
        Files.writeString(users, yaml);
    }

    private ConsoleSshServer start(int maxSessions) throws IOException {
        CliContext context = new CliContext(dir, Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), clock, d -> { });
        ConsoleSshServer.Options options = new ConsoleSshServer.Options("127.0.0.1", 0, dir.resolve("host_key"),
                "host_key", users, "users.yaml", Duration.ofMinutes(15), Duration.ofHours(12), maxSessions, null);
        server = new ConsoleSshServer(options, new TerminalBackend(board, actions), context,
                Main.terminalCommands(), new JsonLinesAuditLog(auditLog));
        server.start();
        return server;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private List<String> options(SshKeys key) {
        return new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", Integer.toString(server.port()), "-i",
                key.privateKey().toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no", "-o", "BatchMode=yes", "-o",
                "LogLevel=INFO"));
    }

    /** ssh without a PTY, running {@code command} (none: the shell). */
    private List<String> ssh(SshKeys key, String user, String... command) {
        List<String> line = options(key);
        line.add("-T");
        line.add(user + "@127.0.0.1");
        line.addAll(List.of(command));
        return line;
    }

    /** Logs {@code user} in under tmux; the pane keeps what ssh printed last after it exits. */
    private void login(SshKeys key, String user, int columns, int rows, String... remote) throws Exception {
        List<String> line = options(key);
        line.add("-t");
        line.add(user + "@127.0.0.1");
        line.addAll(List.of(remote));
        String command = String.join(" ", line.stream().map(a -> "'" + a + "'").toList());
        tmux.start(columns, rows, "sh -c \"" + command.replace("\"", "\\\"")
                + "; echo ssh exited \\$?; sleep 600\"");
    }

    private String awaitScreen(String... texts) {
        return AwaitText.shows("the screen", tmux::screen, WAIT, texts);
    }

    private List<String> auditLines() throws IOException {
        return Files.exists(auditLog) ? Files.readAllLines(auditLog) : List.of();
    }

    @Test
    void anOperatorSeesTheRolloutsOpensOneAbortsItWithAReasonAndSeesTheAcknowledgement() throws Exception {
        start(10);
        login(alice, "alice", 120, 40);
        awaitScreen("prod/checkout", "alice (operator)", "staging/search", "ORPHANED");
        tmux.keys("j");
        tmux.keys("Enter");
        awaitScreen("rollout prod/checkout", "ActualWeight:", "p95-latency", "Events and audit");
        tmux.keys("a");
        awaitScreen("Abort prod/checkout?");
        tmux.keys("y");
        awaitScreen("Reason for abort of prod/checkout:");
        tmux.type("pager");
        tmux.keys("Enter");
        await().atMost(WAIT).until(() -> actions.sent().size() == 1);
        RecordingActions.Sent sent = actions.sent().get(0);
        assertThat(sent.target()).isEqualTo(new RolloutKey("prod", "checkout"));
        assertThat(sent.action()).isEqualTo(CommandAction.ABORT);
        assertThat(sent.reason()).isEqualTo("pager");
        assertThat(sent.actor()).isEqualTo("alice (" + alice.fingerprint() + ")");
        awaitScreen("waiting for the engine to acknowledge");
        board.put(Fixtures.checkout().toBuilder().command(new CommandStatus(RecordingActions.idOf(0),
                CommandAction.ABORT, sent.actor(), "pager", Fixtures.NOW, CommandStatus.State.ACKNOWLEDGED,
                Fixtures.NOW.plusMillis(300), "traffic on stable")).build());
        awaitScreen("✔ engine acknowledged abort of prod/checkout: traffic on stable");
        tmux.keys("Escape");
        awaitScreen("NAMESPACE/NAME", "4/4 rollouts");
        tmux.keys("q");
        awaitScreen("ssh exited 0");
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("\"action\":\"login\"",
                "alice (" + alice.fingerprint() + ")", "accepted from 127.0.0.1 as operator"));
    }

    @Test
    void aViewersActionKeysAreRefusedWithTheReason() throws Exception {
        start(10);
        login(bob, "bob", 120, 40);
        awaitScreen("prod/checkout", "bob (viewer)", "(read-only: bob is a viewer)");
        tmux.keys("a");
        awaitScreen("abort is off — read-only: bob is a viewer");
        tmux.keys("r");
        awaitScreen("rollback is off — read-only: bob is a viewer");
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void resizingTheClientsWindowReflowsTheScreen() throws Exception {
        start(10);
        login(alice, "alice", 120, 40);
        awaitScreen("STRATEGY", "HEARTBEAT");
        tmux.resize(70, 20);
        await().atMost(WAIT).until(() -> {
            String s = tmux.screen();
            return s.contains("prod/checkout") && !s.contains("STRATEGY") && s.contains("PHASE");
        });
        tmux.resize(130, 40);
        awaitScreen("STRATEGY");
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        start(10);
        Processes.Result r = Processes.run(dir, null, ssh(mallory, "alice", "whoami"));
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.err()).contains("Permission denied (publickey)");
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains(mallory.fingerprint(),
                "refused from 127.0.0.1: unknown key"));
    }

    @Test
    void aKeyLogsInOnlyAsItsOwner() throws Exception {
        start(10);
        Processes.Result r = Processes.run(dir, null, ssh(bob, "alice", "whoami"));
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.err()).contains("Permission denied (publickey)");
    }

    @Test
    void passwordsAreNotEvenOffered() throws Exception {
        start(10);
        List<String> command = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p",
                Integer.toString(server.port()), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-T", "alice@127.0.0.1", "whoami"));
        Processes.Result r = Processes.run(dir, null, command);
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.err()).contains("Permission denied (publickey)");
    }

    @Test
    void repeatedFailuresLockTheAddressOutEvenForAGoodKey() throws Exception {
        start(10);
        for (int i = 0; i < 5; i++) {
            assertThat(Processes.run(dir, null, ssh(mallory, "alice", "whoami")).exitCode()).isEqualTo(255);
        }
        Processes.Result good = Processes.run(dir, null, ssh(alice, "alice", "whoami"));
        assertThat(good.exitCode()).isEqualTo(255);
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("127.0.0.1 locked out after repeated"));
        clock.advance(Duration.ofMinutes(6));
        assertThat(Processes.run(dir, null, ssh(alice, "alice", "whoami")).exitCode()).isZero();
    }

    @Test
    void aPersonWithSeveralKeysInTheAgentLogsInAgainAndAgain() throws Exception {
        start(10);
        for (int i = 0; i < 8; i++) {
            // The unknown key is offered first and refused; then alice's own key logs her in.
            List<String> line = options(mallory);
            line.addAll(List.of("-i", alice.privateKey().toString(), "-T", "alice@127.0.0.1", "whoami"));
            Processes.Result r = Processes.run(dir, null, line);
            assertThat(r.exitCode()).as("login " + (i + 1) + ": " + r.err()).isZero();
        }
        assertThat(auditLines()).noneSatisfy(l -> assertThat(l).contains("locked out"));
    }

    @Test
    void anExecCommandWithoutAPtyRunsAsTheKeysOwnerAndReturnsItsExitStatus() throws Exception {
        start(10);
        Processes.Result who = Processes.run(dir, null, ssh(alice, "alice", "whoami"));
        assertThat(who.exitCode()).as(who.err()).isZero();
        assertThat(who.out().trim()).isEqualTo("alice (" + alice.fingerprint() + ") operator");

        Processes.Result help = Processes.run(dir, null, ssh(bob, "bob", "help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Commands for bob (viewer):", "whoami").doesNotContain("reload-users");

        Processes.Result version = Processes.run(dir, null, ssh(bob, "bob", "--", "--version"));
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("cicd ");

        Processes.Result refused = Processes.run(dir, null, ssh(bob, "bob", "abort", "prod/checkout",
                "--reason", "\"paged at night\""));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("cicd abort: not allowed — read-only: bob is a viewer; the operator or admin "
                + "role is needed");

        Processes.Result impersonation = Processes.run(dir, null, ssh(alice, "alice", "abort",
                "prod/checkout", "--reason", "x", "--by", "bob"));
        assertThat(impersonation.exitCode()).isEqualTo(2);
        assertThat(impersonation.err()).contains("--by is not accepted over SSH: commands act as alice");

        Processes.Result local = Processes.run(dir, null, ssh(alice, "alice", "serve"));
        assertThat(local.exitCode()).isEqualTo(2);
        assertThat(local.err()).contains("cicd serve: not available over SSH");
    }

    @Test
    void withoutAPtyOrACommandTheLineModeShellAnswers() throws Exception {
        start(10);
        Processes.Result r = Processes.run(dir, "whoami\nhelp\nexit\n", ssh(carol, "carol"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("cicd shell: carol (" + carol.fingerprint() + "), admin",
                "carol (" + carol.fingerprint() + ") admin", "Commands for carol (admin):", "reload-users",
                "whoami");
    }

    @Test
    void anAdminReloadsUsersAndARemovedUsersSessionIsClosed() throws Exception {
        start(10);
        login(bob, "bob", 100, 30);
        awaitScreen("bob (viewer)");
        Processes.Result notAdmin = Processes.run(dir, null, ssh(alice, "alice", "reload-users"));
        assertThat(notAdmin.exitCode()).isEqualTo(2);
        assertThat(notAdmin.err()).contains("cicd reload-users: not allowed for alice (operator)");

        writeUsers(false);
        Processes.Result reload = Processes.run(dir, null, ssh(carol, "carol", "reload-users"));
        assertThat(reload.exitCode()).isZero();
        assertThat(reload.out()).contains("users reloaded from users.yaml: 2 users (1 operator, 1 admin); closed 1 "
                + "session(s) whose access changed");
        awaitScreen("ssh exited 255");
        assertThat(Processes.run(dir, null, ssh(bob, "bob", "whoami")).exitCode()).isEqualTo(255);

        Files.writeString(users, "users:\n  - {name: alice, role: boss, keys: [\"" + alice.publicLine() + "\"]}\n");
        Processes.Result broken = Processes.run(dir, null, ssh(carol, "carol", "reload-users"));
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("users.yaml:2:", "users[0].role: 'boss' is not one of viewer, operator, "
                + "admin", "the previous users stay in force");
        assertThat(Processes.run(dir, null, ssh(carol, "carol", "whoami")).exitCode()).isZero();
    }

    @Test
    void theShellWithATerminalCompletesCommandsAndRolloutNames() throws Exception {
        start(10);
        login(alice, "alice", 100, 30, "shell");
        awaitScreen("cicd shell: alice (" + alice.fingerprint() + "), operator", "cicd>");
        tmux.type("who");
        tmux.keys("Tab");
        awaitScreen("cicd> whoami");
        tmux.type("staging/se");
        tmux.keys("Tab");
        awaitScreen("cicd> whoami staging/search");
        tmux.keys("C-u");
        tmux.type("whoami");
        tmux.keys("Enter");
        awaitScreen("alice (" + alice.fingerprint() + ") operator");
        tmux.type("exit");
        tmux.keys("Enter");
        awaitScreen("ssh exited 0");
    }

    @Test
    void anExecCommandWithAPtyGetsTerminalLineEnds() throws Exception {
        start(10);
        List<String> line = options(alice);
        line.addAll(List.of("-tt", "alice@127.0.0.1", "help"));
        Processes.Result r = Processes.run(dir, null, line);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Commands for alice (operator):\r\n");
    }

    @Test
    void aSessionOnWhichNothingMovesIsClosedWithTheReason() throws Exception {
        start(10);
        List<String> line = ssh(alice, "alice");
        String command = String.join(" ", line.stream().map(a -> "'" + a + "'").toList());
        tmux.start(200, 30, "sh -c \"" + command.replace("\"", "\\\"") + "; echo ssh exited \\$?; sleep 600\"");
        awaitScreen("cicd shell: alice");
        await().atMost(WAIT).until(() -> server.authenticatedSessions() == 1);
        // Ten minutes, then a real second for the shell to write anything it would write while it waits (a prompt
        // redrawn over and over would count as activity at the ten-minute mark), then six more minutes.
        clock.advance(Duration.ofMinutes(10));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        server.sweep();
        assertThat(server.authenticatedSessions()).as("ten minutes idle is within the limit").isEqualTo(1);
        clock.advance(Duration.ofMinutes(6));
        server.sweep();
        String screen = awaitScreen("ssh exited 255");
        assertThat(screen).contains("idle for 16m: nothing typed and nothing new on the screen (the limit is 15m)");
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("\"action\":\"idle-timeout\"", "alice"));
    }

    @Test
    void aConsoleWatchingALiveRolloutIsNotIdleThoughNobodyTypes() throws Exception {
        start(10);
        login(alice, "alice", 120, 30);
        awaitScreen("alice (operator)", "3s ago");
        await().atMost(WAIT).until(() -> server.authenticatedSessions() == 1);
        // Twenty minutes without a key, in two steps shorter than the 15-minute limit: each time the heartbeat's
        // age moves on the screen, which is output to the session, so it never becomes idle.
        clock.advance(Duration.ofMinutes(10));
        awaitScreen("10m ago");
        clock.advance(Duration.ofMinutes(10));
        awaitScreen("20m ago");
        server.sweep();
        assertThat(server.authenticatedSessions()).isEqualTo(1);
        assertThat(tmux.screen()).contains("alice (operator)").doesNotContain("ssh exited");
        assertThat(auditLines()).noneSatisfy(l -> assertThat(l).contains("idle-timeout"));
    }

    @Test
    void sessionsBeyondTheMaximumAreRefused() throws Exception {
        start(1);
        login(alice, "alice", 100, 30);
        awaitScreen("alice (operator)");
        await().atMost(WAIT).until(() -> server.authenticatedSessions() == 1);
        Processes.Result second = Processes.run(dir, null, ssh(carol, "carol", "whoami"));
        assertThat(second.exitCode()).as(second.out()).isEqualTo(255);
        assertThat(second.err()).contains("too many sessions: the server allows 1");
    }
}
