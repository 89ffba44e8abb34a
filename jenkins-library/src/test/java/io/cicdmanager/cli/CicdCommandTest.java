package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CicdCommandTest {
    @TempDir
    Path dir;

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
    void verboseIsAcceptedOnTheRoot() {
        CliRun run = CliRun.run(dir, "--verbose", "--version");
        assertThat(run.exitCode()).isZero();
        CliRun.run(dir, "--version"); // and back to quiet
    }
}
