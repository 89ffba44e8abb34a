package io.cicdmanager.tui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.SystemSleeper;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.Role;
import io.cicdmanager.tui.screen.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutShellTest {
    /** The shell runs on a real thread: waiting for its output to go quiet takes real time. */
    private static final Sleeper REAL = new SystemSleeper();

    private static final Access ALICE = new Access(new Actor("alice", "SHA256:abc"), Role.OPERATOR, false);

    @TempDir
    Path dir;

    private final RolloutBoard board = new RolloutBoard();

    private SessionCommands commands() {
        CliContext context = new CliContext(dir, Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Clock.fixed(Fixtures.NOW, ZoneOffset.UTC), d -> { });
        return new SessionCommands(context, List.of(), CommandPolicy.ssh()).with("echo",
                SessionCommands.SessionCommand.of("Prints its words and who runs it.", (access, out) ->
                        out.println("echo by " + access.actor().display())));
    }

    @Test
    void runsLineAfterLineAsTheSessionsPersonUntilExit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String input = "whoami\n\necho \"paged twice\"\nexit\nwhoami\n";
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            int code = new RolloutShell(terminal, commands(), ALICE, board::names).run();
            assertThat(code).isZero();
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("cicd shell: alice (SHA256:abc), operator.", "cicd> ",
                "alice (SHA256:abc) operator", "echo by alice (SHA256:abc)");
        assertThat(text).as("nothing after exit runs").containsOnlyOnce("alice (SHA256:abc) operator");
        assertThat(text).as("a dumb terminal does not echo the line back").doesNotContain("cicd> whoami");
    }

    @Test
    void anIdleShellWithoutATerminalWritesNothingWhileItWaits() throws Exception {
        // Input that a client has not sent yet: every read waits, as over ssh -T, until the end of input.
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(client);
        CountingOutputStream out = new CountingOutputStream();
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, input, out, StandardCharsets.UTF_8)) {
            Thread shell = new Thread(() -> new RolloutShell(terminal, commands(), ALICE, board::names).run());
            shell.start();
            long greeting = out.awaitAtLeast(100);
            assertThat(greeting).as("the greeting and the prompt").isGreaterThan(0);
            // However long the shell waits for a line, it writes nothing more; a redraw loop writes kilobytes a second.
            for (int i = 0; i < 20; i++) {
                shell.join(100);
            }
            assertThat(out.count()).as("bytes written while idle").isEqualTo(greeting);
            client.write("whoami\n".getBytes(StandardCharsets.UTF_8));
            client.close();
            shell.join(10_000);
            assertThat(shell.isAlive()).isFalse();
        }
        assertThat(out.text()).endsWith("alice (SHA256:abc) operator\ncicd> \n");
    }

    @Test
    void aCrLfPairEndsOneLineEvenWhenItsHalvesArriveApart() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(client);
        CountingOutputStream out = new CountingOutputStream();
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, input, out, StandardCharsets.UTF_8)) {
            Thread shell = new Thread(() -> new RolloutShell(terminal, commands(), ALICE, board::names).run());
            shell.start();
            client.write("whoami\r".getBytes(StandardCharsets.UTF_8));
            client.flush();
            out.awaitAtLeast(100); // the CR's line has run before its LF arrives, as over a slow link
            client.write("\nwhoami\r\n".getBytes(StandardCharsets.UTF_8));
            client.close();
            shell.join(10_000);
            assertThat(shell.isAlive()).isFalse();
        }
        assertThat(out.text().split("cicd> ", -1)).as("a prompt per line and one at the end, no empty line between")
                .hasSize(4);
        assertThat(out.text()).containsOnlyOnce("alice (SHA256:abc) operator\ncicd> alice (SHA256:abc) operator");
    }

    /** Counts what the shell writes; waits until it has written something and then stopped for a while. */
    private static final class CountingOutputStream extends ByteArrayOutputStream {
        synchronized long count() {
            return size();
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }

        long awaitAtLeast(long quietMillis) throws InterruptedException {
            long last = -1;
            for (int i = 0; i < 100; i++) {
                long now = count();
                if (now > 0 && now == last) {
                    return now;
                }
                last = now;
                REAL.sleep(Duration.ofMillis(quietMillis));
            }
            return count();
        }
    }

    @Test
    void theEndOfInputEndsTheShellWithTheLastExitCode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream("nosuch\n".getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            assertThat(new RolloutShell(terminal, commands(), ALICE, board::names).run()).isEqualTo(2);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cicd nosuch: not available over SSH");
    }

    @Test
    void completesCommandsOptionsAndRolloutNames() throws Exception {
        board.replaceAll(Fixtures.all());
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8)) {
            ShellCompleter completer = new ShellCompleter(commands(), ALICE, board::names);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            DefaultParser parser = new DefaultParser();

            List<Candidate> first = new ArrayList<>();
            completer.complete(reader, parser.parse("ab", 2), first);
            assertThat(first).extracting(Candidate::value).contains("abort", "whoami", "help", "exit");

            List<Candidate> names = new ArrayList<>();
            completer.complete(reader, parser.parse("abort prod/", 11), names);
            assertThat(names).extracting(Candidate::value).contains("prod/checkout", "prod/payments",
                    "staging/search");

            List<Candidate> options = new ArrayList<>();
            completer.complete(reader, parser.parse("abort --re", 10), options);
            assertThat(options).extracting(Candidate::value).contains("--reason=");
        }
    }
}
