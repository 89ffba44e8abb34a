package io.cicdmanager.tui.shell;

import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.model.Access;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The line-mode shell: reads a command line at a time, completes commands, options and rollout names, and runs
 * each through {@link SessionCommands} as the session's person. For people and scripts that want lines, not a
 * full screen.
 */
public final class RolloutShell {
    private static final String PROMPT = "cicd> ";

    private final Terminal terminal;
    private final SessionCommands commands;
    private final Access access;
    private final Supplier<List<String>> rolloutNames;
    private final DefaultParser parser = new DefaultParser();

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
        PrintWriter out = terminal.writer();
        // "dumb", or "dumb-color" for a pipe in when the output is a colour terminal.
        boolean dumb = terminal.getType() != null && terminal.getType().startsWith(Terminal.TYPE_DUMB);
        out.println("cicd shell: " + access.actor().display() + ", " + access.role().label()
                + access.readOnlyReason().map(r -> " (" + r + ")").orElse("")
                + ". Tab completes commands and rollout names; 'help' lists commands; 'exit' leaves.");
        out.flush();
        return dumb ? runPlain(out) : runEditing(out);
    }

    /**
     * With a terminal: JLine edits the line, with completion. On a dumb terminal (a pipe, or an SSH client that
     * edits and echoes the line itself) JLine's editor redraws its prompt for as long as it waits for input, which
     * floods the channel and keeps an idle session from ever being idle; lines are read as they come instead.
     */
    private int runEditing(PrintWriter out) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("cicd")
                .parser(parser)
                .completer(new ShellCompleter(commands, access, rolloutNames))
                .build();
        int last = ExitCode.OK;
        while (true) {
            try {
                reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return last;
            }
            Integer code = runLine(reader.getParsedLine().words(), last, out);
            if (code == null) {
                return last;
            }
            last = code;
        }
    }

    private int runPlain(PrintWriter out) {
        int last = ExitCode.OK;
        // Lines end at LF, CR or CR LF, however the pair arrives; a last line without its end still counts.
        BufferedReader in = new BufferedReader(terminal.reader());
        while (true) {
            out.print(PROMPT);
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                return last;
            }
            if (line == null) {
                out.println();
                out.flush();
                return last;
            }
            List<String> words;
            try {
                words = parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words();
            } catch (SyntaxError e) {
                out.println("cicd: " + e.getMessage() + ": " + line);
                out.flush();
                last = ExitCode.USAGE;
                continue;
            }
            Integer code = runLine(words, last, out);
            if (code == null) {
                return last;
            }
            last = code;
        }
    }

    /** Runs one parsed line; null for exit. */
    private Integer runLine(List<String> parsed, int last, PrintWriter out) {
        List<String> words = new ArrayList<>();
        for (String w : parsed) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            return last;
        }
        if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
            return null;
        }
        int code = commands.run(words, access, out, out);
        out.flush();
        return code;
    }
}
