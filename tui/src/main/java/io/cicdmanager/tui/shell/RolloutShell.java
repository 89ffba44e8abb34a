package io.cicdmanager.tui.shell;

import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.model.Access;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The line-mode shell: reads a command line at a time, completes commands, options and rollout names, and runs
 * each through {@link SessionCommands} as the session's person. For people and scripts that want lines, not a
 * full screen.
 */
public final class RolloutShell {
    private final Terminal terminal;
    private final SessionCommands commands;
    private final Access access;
    private final Supplier<List<String>> rolloutNames;

    /** @param rolloutNames the rollouts ({@code namespace/name}) completion offers */
    public RolloutShell(Terminal terminal, SessionCommands commands, Access access,
            Supplier<List<String>> rolloutNames) {
        this.terminal = terminal;
        this.commands = commands;
        this.access = access;
        this.rolloutNames = rolloutNames;
    }

    /** Runs until {@code exit} or the end of input; returns the exit code of the last command. */
    public int run() {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("cicd")
                .parser(new DefaultParser())
                .completer(new ShellCompleter(commands, access, rolloutNames))
                .build();
        PrintWriter out = terminal.writer();
        out.println("cicd shell: " + access.actor().display() + ", " + access.role().label()
                + access.readOnlyReason().map(r -> " (" + r + ")").orElse("")
                + ". Tab completes commands and rollout names; 'help' lists commands; 'exit' leaves.");
        out.flush();
        int last = ExitCode.OK;
        // A dumb terminal is a pipe or a client that echoes the line itself: echoing it again would double it.
        Character mask = Terminal.TYPE_DUMB.equals(terminal.getType()) ? Character.valueOf((char) 0) : null;
        while (true) {
            String line;
            try {
                line = reader.readLine("cicd> ", mask);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return last;
            }
            List<String> words = new ArrayList<>();
            for (String w : reader.getParsedLine().words()) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                return last;
            }
            last = commands.run(words, access, out, out);
            out.flush();
        }
    }
}
