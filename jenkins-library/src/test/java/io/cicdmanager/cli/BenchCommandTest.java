package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void theGateBenchmarkPrintsItsFiguresAndChecksWhatItReadBack() {
        CliRun run = CliRun.run(dir, "bench", "gate", "--junit-mb", "2", "--jacoco-mb", "1", "--dir", "data");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("generated 2.0 MB JUnit XML").contains("JUnit XML").contains("JaCoCo XML")
                .contains("gate run").contains("peak heap").contains("the counts match what was generated");
        // the test clock stands still, so no rate can be computed: the benchmark says so instead of dividing by 0
        assertThat(run.out()).contains("(too fast to time)");
        assertThat(dir.resolve("data/TEST-bench.xml")).exists();
    }

    @Test
    void withoutDirItCleansUpAfterItself() throws Exception {
        long before;
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            before = s.filter(p -> p.getFileName().toString().startsWith("cicd-bench-gate")).count();
        }
        CliRun run = CliRun.run(dir, "bench", "gate", "--junit-mb", "0.2", "--jacoco-mb", "0.2");
        assertThat(run.exitCode()).isZero();
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("cicd-bench-gate")).count())
                    .isLessThanOrEqualTo(before);
        }
    }

    @Test
    void benchNeedsABenchmarkAndSensibleSizes() {
        CliRun none = CliRun.run(dir, "bench");
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("a benchmark is required");
        CliRun zero = CliRun.run(dir, "bench", "gate", "--junit-mb", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(zero.err()).contains("must be more than 0");
        assertThat(CliRun.run(dir, "bench", "--help").out()).contains("gate");
    }
}
