package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.json.ObjectMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BenchDetectionCommandTest {
    @TempDir
    Path dir;

    @Test
    void itPrintsOneRowPerPolicyAndScenarioAndWritesTheIssuesJson() throws Exception {
        CliRun run = CliRun.run(dir, "bench", "detection", "--runs", "3", "--seed", "9", "--policies", "ours,flagger-1",
                "--scenarios", "errors-10x,healthy", "--steps", "5,pause=3m", "--threads", "2", "--json",
                "out/detection.json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("detection: 3 runs per policy and scenario from seed 9, steps 5,pause=3m")
                .contains("ours: sequential judge on 5xx and on requests slower than 100 ms, every 10 s")
                .containsPattern("errors-10x +ours +3 +3 +0 +0 +\\d+ +\\d+  missed 0.0 % +errors-vs-stable 3")
                .containsPattern("healthy +ours +3 +0 +3 +0 +- +-  false rollbacks 0.0 %")
                .contains("rolled back by")
                .contains("errors-10x     flagger-1");
        JsonNode json = ObjectMappers.json().readTree(Files.readString(dir.resolve("out/detection.json")));
        assertThat(json.propertyNames()).containsExactly("rows");
        assertThat(json.get("rows")).hasSize(4);
        JsonNode first = json.get("rows").get(0);
        assertThat(first.propertyNames()).containsExactly("policy", "scenario", "runs", "rollbacks", "medianSeconds",
                "p95Seconds");
        assertThat(first.get("policy").asString()).isEqualTo("ours");
        assertThat(first.get("scenario").asString()).isEqualTo("errors-10x");
        assertThat(first.get("runs").asInt()).isEqualTo(3);
        assertThat(first.get("rollbacks").asInt()).isEqualTo(3);
        assertThat(first.get("medianSeconds").asDouble()).isPositive();
        JsonNode healthy = json.get("rows").get(2);
        assertThat(healthy.get("scenario").asString()).isEqualTo("healthy");
        assertThat(healthy.get("medianSeconds").isNull()).isTrue();
    }

    @Test
    void oursCanBeAnotherAnalysisFromAFile() throws Exception {
        Files.writeString(dir.resolve("mine.yaml"), """
                interval: 30s
                checks:
                  - {name: mine, judge: sequential, metric: error-rate, maxRatio: 1.25}
                """);
        CliRun run = CliRun.run(dir, "bench", "detection", "--runs", "2", "--policies", "ours", "--scenarios",
                "errors-10x", "--steps", "5,pause=2m", "--ours", "mine.yaml");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ours: from mine.yaml").containsPattern("errors-10x +ours +2 +2 ");
    }

    @Test
    void mistakesAreUsageErrorsNamingWhatIsWrong() throws Exception {
        CliRun zero = CliRun.run(dir, "bench", "detection", "--runs", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(zero.err()).contains("--runs must be at least 1");
        CliRun threads = CliRun.run(dir, "bench", "detection", "--threads", "0");
        assertThat(threads.err()).contains("--threads must be at least 1");
        CliRun policy = CliRun.run(dir, "bench", "detection", "--policies", "ours,istio");
        assertThat(policy.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(policy.err()).contains("--policies: 'istio' is not one of ours, seed, flagger-1, flagger-10, argo");
        CliRun scenario = CliRun.run(dir, "bench", "detection", "--scenarios", "sunny");
        assertThat(scenario.err()).contains("--scenarios: 'sunny' is not one of healthy, errors-2x");
        CliRun steps = CliRun.run(dir, "bench", "detection", "--steps", "5,pause=soon");
        assertThat(steps.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(steps.err()).contains("--steps '5,pause=soon'").contains("strategy.canary.steps[1].pause");
        CliRun missing = CliRun.run(dir, "bench", "detection", "--ours", "nope.yaml");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("--ours: cannot read nope.yaml");
        Files.writeString(dir.resolve("bad.yaml"), "interval: 10s\nchecks:\n  - {name: x, judge: sequential, metric: p95-latency}\n");
        CliRun bad = CliRun.run(dir, "bench", "detection", "--ours", "bad.yaml");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("bad.yaml:3:").contains("checks[0].metric: the judge compares");
        assertThat(CliRun.run(dir, "bench", "--help").out()).contains("detection");
    }
}
