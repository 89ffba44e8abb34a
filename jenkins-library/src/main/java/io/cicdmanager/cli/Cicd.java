package io.cicdmanager.cli;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Assembles the {@code cicd} command line and runs it. The engine's own commands are listed here; the
 * all-in-one jar adds the terminal UI's commands. Runs in-process too, which is how the Jenkins step tests
 * exercise the real engine.
 */
public final class Cicd {
    private static final Logger LOG = LoggerFactory.getLogger(Cicd.class);

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

    /** Runs {@code cicd args…} and returns its exit code; never exits the JVM and never throws. */
    public static int execute(CliContext context, List<Class<?>> extraCommands, String... args) {
        CommandLine commandLine = commandLine(context, extraCommands);
        // --verbose sets the root logger's level; a command run inside a longer-lived process (the shell, tests)
        // gives the process its own level back when it ends.
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = root.getLevel();
        try {
            return commandLine.execute(args);
        } finally {
            root.setLevel(level);
            context.out().flush();
            context.err().flush();
        }
    }

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

    /** The whole command tree, wired to the context's streams and with the exit codes of DESIGN.md. */
    public static CommandLine commandLine(CliContext context, List<Class<?>> extraCommands) {
        CommandLine.IFactory factory = new ContextFactory(context);
        CommandLine root = new CommandLine(CicdCommand.class, factory);
        for (Class<?> command : engineCommands()) {
            root.addSubcommand(new CommandLine(command, factory));
        }
        for (Class<?> command : extraCommands) {
            SubcommandOf parent = command.getAnnotation(SubcommandOf.class);
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
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion(), factory);
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Prints a bash/zsh completion script: source <(cicd completion)");
        root.addSubcommand("completion", completion);

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

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println(cl.getColorScheme().errorText(cl.getCommandName() + ": " + ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cl.getErr());
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCode.USAGE;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName();
        if (ex instanceof UsageException) {
            cl.getErr().println(cl.getColorScheme().errorText(name + ": " + ex.getMessage()));
            return ExitCode.USAGE;
        }
        if (ex instanceof DependencyUnreachableException) {
            cl.getErr().println(cl.getColorScheme().errorText(name + ": " + ex.getMessage()));
            return ExitCode.UNREACHABLE;
        }
        // A defect, not bad input: say so plainly; the stack trace is for --verbose.
        LOG.debug("internal error", ex);
        cl.getErr().println(cl.getColorScheme().errorText(name + ": internal error: " + ex
                + " (run with --verbose for the stack trace, and please report it)"));
        return ExitCode.INTERNAL;
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
