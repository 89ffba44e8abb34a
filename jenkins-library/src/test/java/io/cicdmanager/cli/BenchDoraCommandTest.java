package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDoraCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRunPrintsTheLoadAndEveryReportsTimings() {
        CliRun run = CliRun.run(dir, "bench", "dora", "--deployments", "3000", "--services", "5", "--runs", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("3,000 deployments of 5 services").contains("loaded 3,000 deployments and ")
                .containsPattern("all services, whole year \\(every deployment\\) +3,000 ")
                .contains("last 30 days (the default window)").contains("one service, whole year")
                .contains("one team, last 30 days").contains("per service, last 30 days").contains("5 rows");
    }

    @Test
    void keepLeavesTheStoreForALookAndRefusesToOverwrite() throws Exception {
        CliRun run = CliRun.run(dir, "bench", "dora", "--deployments", "200", "--runs", "1", "--keep", "kept.db");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dir.resolve("kept.db")).isRegularFile();
        CliRun report = CliRun.run(dir, "dora", "report", "--db", "kept.db", "--since", "2025-01-01T00:00:00Z");
        assertThat(report.out()).contains("200 deployments");
        CliRun again = CliRun.run(dir, "bench", "dora", "--keep", "kept.db");
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("--keep kept.db").contains("exists");
        assertThat(Files.size(dir.resolve("kept.db"))).isPositive();
    }

    @Test
    void sizesMustBePositive() {
        CliRun run = CliRun.run(dir, "bench", "dora", "--deployments", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--deployments");
        assertThat(CliRun.run(dir, "bench").exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
