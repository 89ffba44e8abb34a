package io.cicdmanager.tui.shell;

import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.model.Access;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * Runs a command line typed into a shell or sent as an SSH exec request: through the same {@code cicd} command
 * tree as the terminal, as the session's person, under the session's {@link CommandPolicy}. The person is passed
 * to the engine's commands in the {@value #ACTOR_ENV} variable of their context, never as a flag, so no one can
 * act under another name.
 */
public final class SessionCommands {
    /** The environment variable that names the actor ({@code alice (SHA256:…)}) to the engine's commands. */
    public static final String ACTOR_ENV = "CICD_ACTOR";
    /** The actor's role, for commands that want to say who may do what. */
    public static final String ROLE_ENV = "CICD_ROLE";
    /** Where the command came from ({@code ssh}, {@code shell}), as commands and audit entries record it. */
    public static final String SOURCE_ENV = "CICD_SOURCE";

    /** A command that exists only inside a session, such as {@code whoami}. */
    public interface SessionCommand {
        String description();

        /** Whether {@code access} may run it (and see it listed). */
        default boolean allowed(Access access) {
            return true;
        }

        int run(List<String> args, Access access, PrintWriter out, PrintWriter err);

        /** A command anyone may run that only prints, and always succeeds. */
        static SessionCommand of(String description, java.util.function.BiConsumer<Access, PrintWriter> print) {
            return new SessionCommand() {
                @Override
                public String description() {
                    return description;
                }

                @Override
                public int run(List<String> args, Access access, PrintWriter out, PrintWriter err) {
                    print.accept(access, out);
                    return ExitCode.OK;
                }
            };
        }
    }

    private final CliContext base;
    private final List<Class<?>> cliCommands;
    private final CommandPolicy policy;
    private final Map<String, SessionCommand> own = new LinkedHashMap<>();

    public SessionCommands(CliContext base, List<Class<?>> cliCommands, CommandPolicy policy) {
        this.base = base;
        this.cliCommands = List.copyOf(cliCommands);
        this.policy = policy;
        own.put("whoami", SessionCommand.of("Shows who this session acts as, and the role.", (access, out) ->
                out.println(access.actor().display() + " " + access.role().label()
                        + access.readOnlyReason().map(r -> " (" + r + ")").orElse(""))));
        own.put("help", SessionCommand.of("Lists the commands this session may run.", (access, out) -> {
            out.println("Commands for " + access.actor().name() + " (" + access.role().label() + "):");
            for (Map.Entry<String, String> e : describe(access).entrySet()) {
                out.printf("  %-14s %s%n", e.getKey(), e.getValue());
            }
            out.println("Run COMMAND --help for its options.");
        }));
    }

    /** Adds a command that exists only in sessions, such as the SSH server's {@code reload-users}. */
    public SessionCommands with(String name, SessionCommand command) {
        own.put(name, command);
        return this;
    }

    public CommandPolicy policy() {
        return policy;
    }

    /** Every command {@code access} may run, with its one-line description, by name. */
    public Map<String, String> describe(Access access) {
        Map<String, String> out = new TreeMap<>();
        CommandLine tree = tree(access, new PrintWriter(PrintWriter.nullWriter()),
                new PrintWriter(PrintWriter.nullWriter()));
        for (Map.Entry<String, CommandLine> e : tree.getSubcommands().entrySet()) {
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            out.put(e.getKey(), description.length == 0 ? "" : asPicocliShowsIt(description[0]));
        }
        for (Map.Entry<String, SessionCommand> e : own.entrySet()) {
            if (e.getValue().allowed(access)) {
                out.put(e.getKey(), e.getValue().description());
            }
        }
        return out;
    }

    /** A description is a format string ({@code %%} for a percent sign): shown as picocli's help shows it. */
    static String asPicocliShowsIt(String description) {
        if (description.indexOf('%') < 0) {
            return description;
        }
        try {
            return String.format(Locale.ROOT, description);
        } catch (IllegalFormatException e) {
            return description;
        }
    }

    /**
     * The {@code cicd} command tree as {@code access} sees it here: commands the policy refuses are left out, so
     * completion offers only what would run.
     */
    public CommandLine tree(Access access, PrintWriter out, PrintWriter err) {
        CommandLine root = Cicd.commandLine(contextFor(access, out, err), cliCommands);
        for (String name : new ArrayList<>(root.getSubcommands().keySet())) {
            if (name.equals("completion") || policy.refusal(name, access).isPresent()) {
                root.getCommandSpec().removeSubcommand(name);
            }
        }
        return root;
    }

    /** Runs one command line; returns its exit code. Refusals print why and exit 2. */
    public int run(List<String> words, Access access, PrintWriter out, PrintWriter err) {
        try {
            return dispatch(words, access, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(List<String> words, Access access, PrintWriter out, PrintWriter err) {
        if (words.isEmpty()) {
            return ExitCode.OK;
        }
        String first = words.get(0);
        if (first.equals("--help") || first.equals("-h")) {
            first = "help";
        }
        SessionCommand session = own.get(first);
        if (session != null) {
            if (!session.allowed(access)) {
                err.println(Cicd.error(first, "not allowed for " + access.actor().name() + " ("
                        + access.role().label() + ")"));
                return ExitCode.USAGE;
            }
            return session.run(words.subList(1, words.size()), access, out, err);
        }
        if (first.startsWith("-") && !first.equals("--version") && !first.equals("-V")) {
            err.println("cicd: options before the command are not accepted " + policy.where() + ": " + first);
            return ExitCode.USAGE;
        }
        if (!first.startsWith("-")) {
            var refused = policy.refusal(first, access);
            if (refused.isPresent()) {
                err.println(Cicd.error(first, refused.get()));
                return ExitCode.USAGE;
            }
        }
        for (String word : words) {
            if (policy.refusesOption(word)) {
                err.println("cicd: " + word + " is not accepted " + policy.where() + "; the server's own "
                        + "configuration applies");
                return ExitCode.USAGE;
            }
            if (word.equals("--by") || word.startsWith("--by=") || word.equals("--actor")
                    || word.startsWith("--actor=")) {
                err.println("cicd: " + word + " is not accepted " + policy.where() + ": commands act as "
                        + access.actor().display());
                return ExitCode.USAGE;
            }
        }
        return Cicd.execute(contextFor(access, out, err), cliCommands, words.toArray(String[]::new));
    }

    private CliContext contextFor(Access access, PrintWriter out, PrintWriter err) {
        return base.withEnv(Map.of(ACTOR_ENV, access.actor().display(),
                ROLE_ENV, access.mayAct() ? access.role().label() : "viewer",
                SOURCE_ENV, policy.source())).withOutput(out, err);
    }
}
