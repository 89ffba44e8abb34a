package io.cicdmanager.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code cicd} command: global options; the work is in the subcommands. */
@Command(name = "cicd",
        mixinStandardHelpOptions = true,
        versionProvider = CicdCommand.Version.class,
        description = {
            "Quality gates, progressive delivery on Kubernetes, automatic rollback and DORA metrics.",
            "",
            "Exit codes: 0 passed or succeeded; 1 a gate failed, or the rollout was rolled back or aborted;",
            "2 bad usage or an invalid policy or spec; 3 unstable (only non-blocking gates failed);",
            "4 Kubernetes, Prometheus or a database was unreachable."
        },
        synopsisSubcommandLabel = "COMMAND")
public final class CicdCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The root logger's level before --verbose lowered it (a logback Level, held as Object so that a command
     * without --verbose loads nothing of logback); null when it did not. */
    private Object levelBefore;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at debug level to standard error.")
    void setVerbose(boolean verbose) {
        // Logging starts only when something logs: a command that does not is spared configuring it.
        if (verbose && levelBefore == null) {
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            levelBefore = root.getLevel();
            root.setLevel(Level.DEBUG);
        }
    }

    /** Gives the process the log level it had before --verbose, if --verbose changed it. */
    void restoreLogLevel() {
        if (levelBefore != null) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel((Level) levelBefore);
            levelBefore = null;
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }

        static String[] lines() {
            Properties p = new Properties();
            try (InputStream in = CicdCommand.class.getResourceAsStream("/io/cicdmanager/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // a jar without its version file says "unknown"
            }
            return new String[] {"cicd " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
