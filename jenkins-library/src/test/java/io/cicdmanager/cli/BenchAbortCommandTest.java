package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.json.ObjectMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BenchAbortCommandTest {
    @TempDir
    Path dir;

    @Test
    void measuresAbortLatencyOverRealAborts() throws Exception {
        CliRun run = CliRun.runOnWallClock(dir, "bench", "abort", "--runs", "3", "--json", "abort.json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("p50").contains("p99").contains("over 3 aborts");
        JsonNode json = ObjectMappers.json().readTree(Files.readString(dir.resolve("abort.json")));
        assertThat(json.get("runs").asInt()).isEqualTo(3);
        assertThat(json.get("p50Millis").asDouble()).isPositive().isLessThanOrEqualTo(json.get("p99Millis").asDouble());
    }

    @Test
    void benchNeedsABenchmarkAndAtLeastOneRun() {
        assertThat(CliRun.run(dir, "bench").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run(dir, "bench", "abort", "--runs", "0").exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
