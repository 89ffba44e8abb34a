package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 GB file given where a configuration file belongs: every command says it is too large (exit 2) instead of
 * running out of memory. The file is sparse, so it costs no disk.
 */
class ConfigurationSizeLimitTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void aTwoGigabyteFile() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge").toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        Files.writeString(dir.resolve("spec.yaml"), "name: x\n");
        Files.writeString(dir.resolve("jacoco.xml"), "<report name=\"x\"><counter type=\"LINE\" missed=\"1\" "
                + "covered=\"3\"/></report>");
    }

    private static void refused(String option, String... args) {
        CliRun run = CliRun.run(dir, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(2);
        assertThat(run.err()).as(option).contains("huge: 2.0 GB, more than the 16 MB such a file may hold; is it the "
                + "right file?").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyConfigurationInputHasASizeLimitAndSaysSo() {
        refused("--policy", "gate", "--report", "coverage=jacoco.xml", "--policy", "huge");
        refused("--baseline", "gate", "--report", "coverage=jacoco.xml", "--baseline", "huge");
        refused("--spec", "simulate", "--spec", "huge", "--scenario", "huge");
        refused("--scenario", "simulate", "--spec", "../" + dir.getFileName() + "/huge", "--scenario", "huge");
        refused("canary --spec", "canary", "--spec", "huge");
        refused("--kubeconfig", "status", "--kubeconfig", "huge");
        refused("KUBECONFIG", "abort", "x", "--reason", "r", "--kubeconfig", "huge");
    }

    @Test
    void theCommitTimesFileHasItsOwnLargerLimit() {
        CliRun run = CliRun.run(dir, "dora", "record", "deployment", "--id", "1", "--service", "s", "--env", "e",
                "--version", "1", "--commit", "abc", "--status", "success", "--commit-times-file", "huge", "--db",
                "dora.db");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--commit-times-file huge: 2.0 GB, more than the 64 MB such a file may hold");
        assertThat(dir.resolve("dora.db")).doesNotExist();
    }

    @Test
    void reportsStillStreamWhateverTheirSize() {
        // the limit is for configuration; a report is read as a stream and judged (here: not a report at all)
        CliRun run = CliRun.run(dir, "gate", "--report", "coverage=huge");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("huge:1: not a report cicd recognises");
        assertThat(List.of(run.err())).noneMatch(e -> e.contains("GB"));
    }
}
