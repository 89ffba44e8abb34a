package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.json.ObjectMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The short chaos run CI does: a few random rollouts under faults, kills and racing operators, no invariant broken. */
class BenchChaosCommandTest {
    @TempDir
    Path dir;

    @Test
    void aShortChaosRunInjectsKillsFaultsAndCommandsAndBreaksNoInvariant() throws Exception {
        CliRun run = CliRun.run(dir, "bench", "chaos", "--runs", "6", "--seed", "1", "--json", "chaos.json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("chaos: 6 runs from seed 1").contains("0 invariant violations");
        JsonNode json = ObjectMappers.json().readTree(Files.readString(dir.resolve("chaos.json")));
        assertThat(json.propertyNames()).containsExactly("runs", "seed", "engineKills", "apiFaults", "commands",
                "outcomes", "violations");
        assertThat(json.get("runs").asInt()).isEqualTo(6);
        assertThat(json.get("seed").asLong()).isEqualTo(1);
        assertThat(json.get("engineKills").asInt()).as("kills injected").isPositive();
        assertThat(json.get("apiFaults").asInt()).as("API faults injected").isPositive();
        assertThat(json.get("commands").asInt()).as("operators' commands sent").isPositive();
        assertThat(json.get("outcomes").propertyNames()).contains("Succeeded", "RolledBack");
        assertThat(json.get("violations").isEmpty()).as(run.out()).isTrue();
    }

    @Test
    void runsMustBePositive() {
        CliRun run = CliRun.run(dir, "bench", "chaos", "--runs", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--runs must be at least 1");
    }
}
