package io.cicdmanager.tui;

import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes a manual page per command, from the same command tree as {@code --help}, with picocli's
 * {@code ManPageGenerator}: AsciiDoc in the manpage doctype, one file per command and subcommand. A build-time tool
 * (the tui module's package phase runs it; picocli-codegen is on the build's class path only), never run by cicd.
 */
final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages OUTPUT-DIRECTORY");
        }
        CliContext quiet = CliContext.system().withOutput(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        CommandLine root = Cicd.commandLine(quiet, Main.terminalCommands());
        int code = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
                root.getCommandSpec());
        if (code != 0) {
            throw new IllegalStateException("ManPageGenerator failed with exit code " + code);
        }
    }
}
