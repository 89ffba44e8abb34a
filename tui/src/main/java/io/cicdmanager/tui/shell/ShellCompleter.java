package io.cicdmanager.tui.shell;

import io.cicdmanager.tui.model.Access;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.completer.SystemCompleter;
import picocli.shell.jline3.PicocliCommands;

/**
 * Completes the first word from the commands the person may run, options from each command's picocli spec, and
 * any other word from the names of the rollouts ({@code namespace/name}).
 */
final class ShellCompleter implements Completer {
    private final SessionCommands commands;
    private final Access access;
    private final Supplier<List<String>> rolloutNames;
    private final SystemCompleter options;

    ShellCompleter(SessionCommands commands, Access access, Supplier<List<String>> rolloutNames) {
        this.commands = commands;
        this.access = access;
        this.rolloutNames = rolloutNames;
        PrintWriter sink = new PrintWriter(PrintWriter.nullWriter());
        this.options = new PicocliCommands(commands.tree(access, sink, sink)).compileCompleters();
        this.options.compile();
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            for (Map.Entry<String, String> e : commands.describe(access).entrySet()) {
                candidates.add(new Candidate(e.getKey(), e.getKey(), null, e.getValue(), null, null, true));
            }
            candidates.add(new Candidate("exit", "exit", null, "Leaves the shell.", null, null, true));
            return;
        }
        if (line.word().startsWith("-")) {
            options.complete(reader, line, candidates);
            return;
        }
        for (String name : rolloutNames.get()) {
            candidates.add(new Candidate(name, name, null, null, null, null, true));
        }
    }
}
