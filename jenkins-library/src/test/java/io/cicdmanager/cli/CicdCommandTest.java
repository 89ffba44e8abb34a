package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CicdCommandTest {
    @TempDir
    Path dir;

    /** A command another module puts under bench. */
    @SubcommandOf("bench")
    @picocli.CommandLine.Command(name = "extra", description = "Measures something else.")
    static final class ExtraBench implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    /** An extra command with an engine command's name, as a session's stand-in would be. */
    @picocli.CommandLine.Command(name = "abort")
    static final class StandInAbort implements java.util.concurrent.Callable<Integer> {
        private final CliContext context;

        StandInAbort(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.out().println("stand-in");
            return 0;
        }
    }

    /** A command that names a parent no one has. */
    @SubcommandOf("nosuch")
    @picocli.CommandLine.Command(name = "orphan")
    static final class Orphan implements Runnable {
        @Override
        public void run() {
            // never runs: the tree refuses it
        }
    }

    @Test
    void anotherModulesCommandGoesUnderTheParentItNames() {
        java.io.StringWriter out = new java.io.StringWriter();
        CliContext context = new CliContext(dir, Map.of(), new java.io.PrintWriter(out),
                new java.io.PrintWriter(new java.io.StringWriter()), java.time.Clock.systemUTC(), d -> { });
        assertThat(Cicd.execute(context, java.util.List.of(ExtraBench.class), "bench", "--help")).isZero();
        assertThat(out.toString()).contains("extra", "Measures something else.");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cicd.commandLine(context,
                java.util.List.of(Orphan.class))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names a parent command that does not exist: nosuch");
    }

    @Test
    void anExtraCommandTakesThePlaceOfTheEngineCommandOfItsName() {
        CliRun run = CliRun.run(dir, Map.of(), java.util.List.of(StandInAbort.class), "abort");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("stand-in\n");
        assertThat(CliRun.run(dir, "abort").err()).as("the engine's own needs a rollout").contains("name the rollout");
    }

    @Test
    void helpListsTheExitCodesAndTheCommands() {
        CliRun run = CliRun.run(dir, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: cicd").contains("Exit codes").contains("completion");
    }

    @Test
    void versionNamesTheBuild() {
        CliRun run = CliRun.run(dir, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("cicd ").doesNotContain("unknown");
    }

    @Test
    void anUnknownCommandIsBadUsageWithAHint() {
        CliRun run = CliRun.run(dir, "frobnicate");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("frobnicate").contains("cicd --help");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void everyMessageOnStandardErrorNamesTheWholeCommand() {
        CliRun missing = CliRun.run(dir, "dora", "record", "deployment", "--id", "x");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).startsWith("cicd dora record deployment: Missing required options");
        CliRun bad = CliRun.run(dir, "gate", "--report", "coverage=x.xml", "--frobnicate");
        assertThat(bad.err()).startsWith("cicd gate: Unknown option: '--frobnicate'");
        CliRun usage = CliRun.run(dir, "gate", "--report", "nokind");
        assertThat(usage.err()).startsWith("cicd gate: ");
        assertThat(CliRun.run(dir, "frobnicate").err()).startsWith("cicd: Unmatched argument");
    }

    /** Only the command named is built; what the tree as a whole does (help, suggestions) still works. */
    @Test
    void onlyTheCommandNamedIsBuiltAndTheRestStillWorks() {
        assertThat(Cicd.commandLine(CliContext.system(), java.util.List.of(), Cicd.commandNamed("--verbose", "gate",
                "--report", "x")).getSubcommands()).containsOnlyKeys("gate");
        assertThat(Cicd.commandLine(CliContext.system(), java.util.List.of(), Cicd.commandNamed("--version"))
                .getSubcommands()).isEmpty();
        assertThat(Cicd.commandLine(CliContext.system(), java.util.List.of(), Cicd.commandNamed("--help"))
                .getSubcommands()).containsKeys("gate", "canary", "dora", "completion");
        assertThat(Cicd.commandLine(CliContext.system(), java.util.List.of(), Cicd.commandNamed("gaet"))
                .getSubcommands()).as("a misspelt command gets every name to suggest from").containsKey("gate");
        assertThat(CliRun.run(dir, "gaet").err()).contains("Did you mean: cicd gate");
        assertThat(CliRun.run(dir, "gate", "--help").out()).contains("Usage: cicd gate");
    }

    @Test
    void noCommandIsBadUsage() {
        CliRun run = CliRun.run(dir);
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("a command is required");
    }

    @Test
    void completionPrintsABashScript() {
        CliRun run = CliRun.run(dir, "completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F").contains("cicd");
    }

    @Test
    void noColorTurnsAnsiOff() {
        CliRun run = CliRun.run(dir, Map.of("NO_COLOR", "1"), "frobnicate");
        assertThat(run.err()).doesNotContain("\u001b[");
    }

    @Test
    void verboseIsAcceptedOnTheRootAndTheProcessGetsItsLevelBack() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level before = root.getLevel();
        CliRun run = CliRun.run(dir, "--verbose", "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(root.getLevel()).as("an in-process command does not leave debug logging on").isEqualTo(before)
                .isNotEqualTo(ch.qos.logback.classic.Level.DEBUG);
    }
}
