package io.cicdmanager.tui;

import io.cicdmanager.cli.Cicd;
import io.cicdmanager.tui.bench.BenchSshCommand;
import java.util.List;

/** The entry point of the all-in-one {@code cicd} jar: the engine's commands plus the terminal's. */
public final class Main {
    private Main() {
    }

    /** The terminal UI's own commands, added to the engine's (sessions run them through the same tree). */
    public static List<Class<?>> terminalCommands() {
        return List.of(TuiCommand.class, ShellCommand.class, ServeCommand.class, DemoCommand.class,
                BenchSshCommand.class);
    }

    public static void main(String[] args) {
        Cicd.runAsProcess(terminalCommands(), args);
    }
}
