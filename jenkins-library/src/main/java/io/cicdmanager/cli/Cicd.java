package io.cicdmanager.cli;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Assembles the {@code cicd} command line and runs it. The engine's own commands are listed here; the
 * all-in-one jar adds the terminal UI's commands. Runs in-process too, which is how the Jenkins step tests
 * exercise the real engine.
 */
public final class Cicd {
    /** The options of {@code cicd} itself, which may stand before the command's name. */
    private static final java.util.Set<String> ROOT_OPTIONS = java.util.Set.of("--verbose");

    /** The engine's subcommands, in the order {@code cicd --help} lists them. */
    static List<Class<?>> engineCommands() {
        List<Class<?>> commands = new ArrayList<>();
        commands.add(GateCommand.class);
        commands.add(CanaryCommand.class);
        commands.add(BlueGreenCommand.class);
        commands.add(RollingCommand.class);
        commands.add(StatusCommand.class);
        commands.add(AbortCommand.class);
        commands.add(PauseCommand.class);
        commands.add(ResumeCommand.class);
        commands.add(PromoteCommand.class);
        commands.add(RollbackCommand.class);
        commands.add(GuardianCommand.class);
        commands.add(GuardCommand.class);
        commands.add(SimulateCommand.class);
        commands.add(DoraCommand.class);
        commands.add(BenchCommand.class);
        return commands;
    }

    private Cicd() {
    }

    /**
     * Runs {@code cicd args…} and returns its exit code; never exits the JVM and never throws. Only the command
     * named is built (picocli reads every option of every command it is given, which a short command such as
     * {@code cicd gate} or {@code --version} should not pay for); help, completion and a name that is no command's
     * get the whole tree.
     */
    public static int execute(CliContext context, List<Class<?>> extraCommands, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What scripts and the Jenkins steps ask first, answered without building any command.
            for (String line : CicdCommand.Version.lines()) {
                context.out().println(line);
            }
            context.out().flush();
            return ExitCode.OK;
        }
        CommandLine commandLine = commandLine(context, extraCommands, commandNamed(args));
        try {
            return commandLine.execute(args);
        } finally {
            // --verbose lowered the log level; a command run inside a longer-lived process (the shell, tests) gives
            // the process its own level back when it ends.
            ((CicdCommand) commandLine.getCommand()).restoreLogLevel();
            context.out().flush();
            context.err().flush();
        }
    }

    /**
     * The command {@code args} name: the first word that is not one of cicd's own options; {@link #NO_COMMAND} when
     * they ask for the version only; null otherwise (help, or nothing).
     */
    static String commandNamed(String... args) {
        for (String arg : args) {
            if (!ROOT_OPTIONS.contains(arg)) {
                if (arg.equals("--version") || arg.equals("-V")) {
                    return NO_COMMAND;
                }
                return arg.startsWith("-") ? null : arg;
            }
        }
        return null;
    }

    /** For {@link #commandLine(CliContext, List, String)}: cicd alone, without subcommands. */
    static final String NO_COMMAND = "";

    public static int execute(CliContext context, String... args) {
        return execute(context, List.of(), args);
    }

    /**
     * Runs {@code cicd args…} as this process and exits with its code: the one entry point that takes the process's
     * signals ({@link ProcessSignals}), so that a rollout told to stop rolls back or holds before it exits.
     */
    public static void runAsProcess(List<Class<?>> extraCommands, String... args) {
        ProcessSignals.install();
        System.exit(execute(CliContext.system(), extraCommands, args));
    }

    /** The engine's {@code cicd} without the terminal's commands. */
    public static void main(String[] args) {
        runAsProcess(List.of(), args);
    }

    /** The whole command tree, wired to the context's streams and with the project's exit codes (see ExitCode). */
    public static CommandLine commandLine(CliContext context, List<Class<?>> extraCommands) {
        return commandLine(context, extraCommands, null);
    }

    /**
     * The command tree with only the top-level command {@code only} (and what it contains) when that names one,
     * else the whole tree.
     */
    static CommandLine commandLine(CliContext context, List<Class<?>> extraCommands, String only) {
        CommandLine.IFactory factory = new ContextFactory(context);
        CommandLine root = new CommandLine(CicdCommand.class, factory);
        List<Class<?>> engine = engineCommands();
        boolean known = NO_COMMAND.equals(only) || only != null && java.util.stream.Stream.concat(engine.stream(),
                extraCommands.stream()).anyMatch(c -> c.getAnnotation(SubcommandOf.class) == null
                        && only.equals(nameOf(c)));
        for (Class<?> command : engine) {
            if (!known || only.equals(nameOf(command))) {
                root.addSubcommand(new CommandLine(command, factory));
            }
        }
        for (Class<?> command : extraCommands) {
            SubcommandOf parent = command.getAnnotation(SubcommandOf.class);
            if (known && !only.equals(parent == null ? nameOf(command) : parent.value())) {
                continue;
            }
            CommandLine under = parent == null ? root : root.getSubcommands().get(parent.value());
            if (under == null) {
                throw new IllegalArgumentException(command.getName() + " names a parent command that does not exist: "
                        + parent.value());
            }
            CommandLine extra = new CommandLine(command, factory);
            // An extra command of an engine command's name takes its place: how a session stands in for one.
            under.getCommandSpec().removeSubcommand(extra.getCommandName());
            under.addSubcommand(extra);
        }
        if (!known) {
            CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion(), factory);
            completion.getCommandSpec().name("completion").usageMessage().hidden(false)
                    .description("Prints a bash/zsh completion script: source <(cicd completion)");
            root.addSubcommand("completion", completion);
        }

        boolean colour = context.getenv("NO_COLOR").isEmpty();
        root.setColorScheme(CommandLine.Help.defaultColorScheme(colour ? CommandLine.Help.Ansi.AUTO
                : CommandLine.Help.Ansi.OFF));
        root.setOut(context.out());
        root.setErr(context.err());
        root.setCaseInsensitiveEnumValuesAllowed(true);
        root.setExitCodeExceptionMapper(Cicd::exitCodeOf);
        root.setParameterExceptionHandler(Cicd::handleParameterException);
        root.setExecutionExceptionHandler((ex, cl, parseResult) -> handleExecutionException(ex, cl));
        return root;
    }

    static int exitCodeOf(Throwable t) {
        if (t instanceof UsageException || t instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        if (t instanceof DependencyUnreachableException) {
            return ExitCode.UNREACHABLE;
        }
        return ExitCode.INTERNAL;
    }

    /**
     * The one form of every message a command writes on standard error: {@code cicd <command>: <message>}, with the
     * whole command ({@code cicd dora record deployment: …}), so that a line in a build log says who wrote it.
     */
    public static String error(String command, String message) {
        return "cicd " + command + ": " + message;
    }

    /** A warning in the same form: {@code cicd <command>: warning: <message>}. */
    public static String warning(String command, String message) {
        return error(command, "warning: " + message);
    }

    /** The command's words after {@code cicd}: {@code dora record deployment}. */
    public static String commandPath(CommandLine.Model.CommandSpec spec) {
        String qualified = spec.qualifiedName(" ");
        String root = spec.root().name();
        return qualified.equals(root) ? root : qualified.substring(root.length() + 1);
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println(cl.getColorScheme().errorText(cl.getCommandSpec().parent() == null
                ? "cicd: " + ex.getMessage() : error(commandPath(cl.getCommandSpec()), ex.getMessage())));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cl.getErr());
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCode.USAGE;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl) {
        String name = "cicd " + commandPath(cl.getCommandSpec());
        if (ex instanceof UsageException) {
            cl.getErr().println(cl.getColorScheme().errorText(name + ": " + ex.getMessage()));
            return ExitCode.USAGE;
        }
        if (ex instanceof DependencyUnreachableException) {
            cl.getErr().println(cl.getColorScheme().errorText(name + ": " + ex.getMessage()));
            return ExitCode.UNREACHABLE;
        }
        // A defect, not bad input: say so plainly; the stack trace is for --verbose.
        LoggerFactory.getLogger(Cicd.class).debug("internal error", ex);
        cl.getErr().println(cl.getColorScheme().errorText(name + ": internal error: " + ex
                + " (run with --verbose for the stack trace, and please report it)"));
        return ExitCode.INTERNAL;
    }

    private static String nameOf(Class<?> command) {
        CommandLine.Command annotation = command.getAnnotation(CommandLine.Command.class);
        return annotation == null ? null : annotation.name();
    }

    /** Gives commands that ask for it (a constructor taking {@link CliContext}) the context. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> withContext = cls.getDeclaredConstructor(CliContext.class);
                withContext.setAccessible(true);
                return withContext.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
