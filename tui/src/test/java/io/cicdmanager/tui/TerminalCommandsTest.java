package io.cicdmanager.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.input.KeyStroke;
import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.screen.Fixtures;
import io.cicdmanager.tui.screen.RecordingActions;
import io.cicdmanager.tui.screen.VirtualScreen;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@InProcessKubernetes
class TerminalCommandsTest {
    static KubernetesClient client;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CliContext context(Map<String, String> env) {
        return new CliContext(dir, env, new PrintWriter(out, true), new PrintWriter(err, true),
                Clock.fixed(Fixtures.NOW, ZoneOffset.UTC), d -> { });
    }

    private int cicd(String... args) {
        return Cicd.execute(context(Map.of("USER", "alice")), Main.terminalCommands(), args);
    }

    /**
     * A command's description goes through String.format: a lone % would print a picocli warning in place of the
     * text. (Option descriptions are printed as written.)
     */
    @Test
    void everyHelpTextOfTheWholeTreeFormats() {
        java.util.List<String> unformattable = new java.util.ArrayList<>();
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
        todo.add(Cicd.commandLine(context(Map.of()), Main.terminalCommands()));
        java.util.regex.Pattern lonePercent = java.util.regex.Pattern.compile("(?<!%)%(?![%n])");
        while (!todo.isEmpty()) {
            picocli.CommandLine command = todo.poll();
            todo.addAll(command.getSubcommands().values());
            java.util.Arrays.stream(command.getCommandSpec().usageMessage().description()).filter(t -> lonePercent.matcher(t).find())
                    .forEach(t -> unformattable.add(command.getCommandSpec().qualifiedName() + ": " + t));
        }
        assertThat(unformattable).isEmpty();
    }

    @Test
    void theTerminalCommandsAreRegistered() {
        assertThat(cicd("--help")).isZero();
        assertThat(out.toString()).contains("tui", "shell", "serve");
        assertThat(cicd("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--host-key=FILE", "--idle-timeout=DURATION", "--max-sessions=N");
    }

    @Test
    void tuiWithoutATerminalSaysSo() {
        assertThat(cicd("tui")).isEqualTo(2);
        assertThat(err.toString()).contains("tui: needs a terminal");
    }

    @Test
    void serveRefusesBadInputWithExitTwoAndTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - {name: alice, role: root, keys: [\"x\"]}\n");
        assertThat(cicd("serve", "--host-key", "host_key", "--users", "users.yaml", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("users.yaml:2:", "users[0].role: 'root' is not one of viewer, operator, "
                + "admin");
        assertThat(Files.exists(dir.resolve("host_key"))).as("nothing is created for a bad users file").isFalse();
        assertThat(cicd("serve", "--users", "users.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--host-key=FILE'");
        assertThat(cicd("serve", "--host-key", "k", "--users", "u", "--idle-timeout", "15x")).isEqualTo(2);
        assertThat(err.toString()).contains("'15x' is not a duration");
        assertThat(cicd("serve", "--host-key", "k", "--users", "u", "--idle-timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("'0s' must be longer than zero");
        assertThat(cicd("serve", "--host-key", "k", "--users", "u", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--port: 70000 is not a port");
        assertThat(cicd("serve", "--host-key", "k", "--users", "u", "--max-sessions", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-sessions: must be at least 1");
        Files.writeString(dir.resolve("host_key"), "garbage");
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - {name: alice, role: admin, keys: [\""
                + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDH3rgK0NRDmcVmUpzHeUqzcEZWJ4ZHGdQSxcbq1Nd3b a@b\"]}\n");
        assertThat(cicd("serve", "--host-key", "host_key", "--users", "users.yaml", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("host key host_key: not a readable private key");
        assertThat(Files.readString(dir.resolve("host_key"))).isEqualTo("garbage");
    }

    @Test
    void aUsersFileOrHostKeyFarTooLargeIsRefusedBeforeItIsRead() throws Exception {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("huge").toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        assertThat(cicd("serve", "--host-key", "host_key", "--users", "huge", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("huge: 2.0 GB, more than the 16 MB such a file may hold");
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - {name: alice, role: admin, keys: [\""
                + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDH3rgK0NRDmcVmUpzHeUqzcEZWJ4ZHGdQSxcbq1Nd3b a@b\"]}\n");
        assertThat(cicd("serve", "--host-key", "huge", "--users", "users.yaml", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("host key huge: 2.0 GB, more than the 16 MB such a file may hold");
        assertThat(cicd("demo", "--no-tui", "--ssh-port", "0", "--users", "huge")).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("OutOfMemoryError").doesNotContain("internal error");
    }

    /** Every option of every command says what it does in --help, the man pages and shell completion. */
    @Test
    void everyOptionOfTheWholeTreeHasADescription() {
        java.util.List<String> bare = new java.util.ArrayList<>();
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
        todo.add(Cicd.commandLine(context(Map.of()), Main.terminalCommands()));
        while (!todo.isEmpty()) {
            picocli.CommandLine command = todo.poll();
            todo.addAll(command.getSubcommands().values());
            for (picocli.CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
                if (!o.hidden() && (o.description().length == 0 || String.join("", o.description()).isBlank())) {
                    bare.add(command.getCommandSpec().qualifiedName() + " " + o.longestName());
                }
            }
            for (picocli.CommandLine.Model.PositionalParamSpec p : command.getCommandSpec().positionalParameters()) {
                if (!p.hidden() && p.description().length == 0) {
                    bare.add(command.getCommandSpec().qualifiedName() + " " + p.paramLabel());
                }
            }
        }
        assertThat(bare).isEmpty();
    }

    @Test
    void serveListensUntilStoppedAndAuditsToTheGivenFile() throws Exception {
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - {name: alice, role: admin, keys: [\""
                + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDH3rgK0NRDmcVmUpzHeUqzcEZWJ4ZHGdQSxcbq1Nd3b a@b\"]}\n");
        AtomicInteger code = new AtomicInteger(-1);
        Path kubeconfig = TestKubeconfig.write(client, dir, "prod");
        Thread serve = new Thread(() -> code.set(cicd("serve", "--bind", "127.0.0.1", "--port", "0", "--host-key",
                "keys/host_key", "--users", "users.yaml", "--audit-log", "audit.jsonl", "-n", "prod", "--kubeconfig",
                kubeconfig.toString())));
        serve.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("listening"));
        assertThat(out.toString()).contains("cicd serve: listening on 127.0.0.1:", "host key SHA256:",
                "1 user (1 admin) from users.yaml");
        assertThat(Files.exists(dir.resolve("keys/host_key"))).isTrue();
        serve.interrupt();
        serve.join(30_000);
        assertThat(code.get()).isZero();
        assertThat(out.toString()).contains("cicd serve: stopped");
    }

    @Test
    void tuiRunsTheConsoleOnTheTerminalItOpensUntilQ() throws Exception {
        RolloutBoard board = new RolloutBoard();
        board.replaceAll(Fixtures.all());
        VirtualScreen screen = new VirtualScreen(120, 30);
        BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
        TuiCommand tui = new TuiCommand(context(Map.of("USER", "dana", "NO_COLOR", "1")),
                (c, options, ns) -> new TerminalBackend(board, new RecordingActions()), screen::screen, keys::take);
        tui.namespace = "prod";
        tui.readOnly = true;
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            try {
                code.set(tui.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.text().contains("(read-only: started with "
                + "--readonly)"));
        assertThat(screen.text()).contains("ns: prod", "dana (operator)", "prod/checkout")
                .doesNotContain("staging/search");
        keys.add(new KeyStroke('q', false, false));
        t.join(10_000);
        assertThat(code.get()).isZero();
    }

    @Test
    void shellRunsCommandsAsTheLocalUser() throws Exception {
        ByteArrayOutputStream terminalOut = new ByteArrayOutputStream();
        ShellCommand shell = new ShellCommand(context(Map.of("LOGNAME", "erin")),
                c -> new RecordNames(c, () -> {
                    throw new IllegalStateException("no cluster in this test");
                }),
                () -> new DumbTerminal("test", Terminal.TYPE_DUMB,
                        new ByteArrayInputStream("whoami\ntui\nexit\n".getBytes(StandardCharsets.UTF_8)), terminalOut,
                        StandardCharsets.UTF_8));
        shell.readOnly = true;
        assertThat(shell.call()).as("the last command's exit code").isEqualTo(2);
        assertThat(terminalOut.toString(StandardCharsets.UTF_8)).contains("erin (local) operator (read-only: started "
                + "with --readonly)", "cicd tui: cannot run in the shell");
    }
}
