package io.cicdmanager.tui;

import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import java.util.List;

/** The entry point of the all-in-one {@code cicd} jar: the engine's commands plus the terminal's. */
public final class Main {
    private Main() {
    }

    /** The terminal UI's own commands, added to the engine's. */
    static List<Class<?>> terminalCommands() {
        return List.of(TuiCommand.class, ShellCommand.class, ServeCommand.class, DemoCommand.class);
    }

    /** The same list, for tests in other packages that run sessions through the real command tree. */
    public static List<Class<?>> terminalCommandsForTests() {
        return terminalCommands();
    }

    public static void main(String[] args) {
        System.exit(Cicd.execute(CliContext.system(), terminalCommands(), args));
    }
}
