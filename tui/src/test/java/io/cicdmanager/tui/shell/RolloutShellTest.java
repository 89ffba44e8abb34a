package io.cicdmanager.tui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.Role;
import io.cicdmanager.tui.screen.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
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
    void theEndOfInputEndsTheShellWithTheLastExitCode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream("nosuch\n".getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            assertThat(new RolloutShell(terminal, commands(), ALICE, board::names).run()).isEqualTo(2);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nosuch is not available over SSH");
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
