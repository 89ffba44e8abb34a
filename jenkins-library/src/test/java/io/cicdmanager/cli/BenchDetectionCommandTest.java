package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.json.ObjectMappers;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BenchDetectionCommandTest {
    @TempDir
    Path dir;

    @Test
    void itPrintsOneRowPerPolicyAndScenarioAndWritesTheRowsAsJson() throws Exception {
        CliRun run = CliRun.run(dir, "bench", "detection", "--runs", "3", "--seed", "9", "--policies", "ours,flagger-1",
                "--scenarios", "errors-10x,healthy", "--steps", "5,pause=3m", "--threads", "2", "--json",
                "out/detection.json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("detection: 3 runs per policy and scenario from seed 9, steps 5,pause=3m")
                .contains("ours: sequential judges on 5xx and on P95 (+20 %), every 10 s")
                .containsPattern("errors-10x +ours +3 +3 +0 +0 +\\d+ +\\d+  missed 0.0 % +errors-vs-stable 3")
                .containsPattern("healthy +ours +3 +0 +3 +0 +- +-  false rollbacks 0.0 %")
                .contains("rolled back by")
                .containsPattern("errors-10x +flagger-1 .*request-success-rate 3");
        JsonNode json = ObjectMappers.json().readTree(Files.readString(dir.resolve("out/detection.json")));
        assertThat(json.propertyNames()).containsExactly("rows");
        assertThat(json.get("rows")).hasSize(4);
        JsonNode first = json.get("rows").get(0);
        assertThat(first.propertyNames()).containsExactly("policy", "scenario", "expect", "runs", "rollbacks",
                "promoted", "paused", "medianSeconds", "p95Seconds", "missRate");
        assertThat(first.get("policy").asString()).isEqualTo("ours");
        assertThat(first.get("scenario").asString()).isEqualTo("errors-10x");
        assertThat(first.get("expect").asString()).isEqualTo("rollback");
        assertThat(first.get("runs").asInt()).isEqualTo(3);
        assertThat(first.get("rollbacks").asInt()).isEqualTo(3);
        assertThat(first.get("missRate").asDouble()).isZero();
        assertThat(first.get("medianSeconds").asDouble()).isPositive();
        JsonNode healthy = json.get("rows").get(2);
        assertThat(healthy.get("scenario").asString()).isEqualTo("healthy");
        assertThat(healthy.get("expect").asString()).isEqualTo("promote");
        assertThat(healthy.get("promoted").asInt()).isEqualTo(3);
        assertThat(healthy.get("falseRollbackRate").asDouble()).isZero();
        assertThat(healthy.has("missRate")).isFalse();
        assertThat(healthy.get("medianSeconds").isNull()).isTrue();
    }

    @Test
    void jsonToStandardOutputReplacesTheTable() throws Exception {
        CliRun run = CliRun.run(dir, "bench", "detection", "--runs", "1", "--policies", "seed", "--scenarios",
                "healthy", "--steps", "5,pause=1m", "--json", "-");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = ObjectMappers.json().readTree(run.out());
        assertThat(json.get("rows").get(0).get("policy").asString()).isEqualTo("seed");
        assertThat(run.out()).doesNotContain("detection:");
    }

    @Test
    void scenarioFilesAddScenariosThatSayWhatTheyExpect() throws Exception {
        Files.writeString(dir.resolve("retry-storm.yaml"), """
                expect: rollback
                traffic: {rps: 200, burst: 3}
                canary: {errorRate: 0.1}
                pods: {canary: 2, stable: 4}
                """);
        CliRun run = CliRun.run(dir, "bench", "detection", "--runs", "2", "--policies", "ours", "--steps", "5,pause=3m",
                "--scenario-file", "retry-storm.yaml");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("retry-storm +ours +2 +2 +0 +0 .* missed 0.0 %")
                .doesNotContain("healthy ");

        Files.writeString(dir.resolve("vague.yaml"), "canary: {errorRate: 0.1}\n");
        CliRun vague = CliRun.run(dir, "bench", "detection", "--scenario-file", "vague.yaml");
        assertThat(vague.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(vague.err()).contains("vague.yaml").contains("a benchmark scenario must say what it expects");
        Files.writeString(dir.resolve("healthy.yaml"), "expect: promote\n");
        assertThat(CliRun.run(dir, "bench", "detection", "--scenario-file", "healthy.yaml").err())
                .contains("a scenario is already named 'healthy'");
    }

    @Test
    void theCurveIsAPictureOfEveryPolicyAlongItsDial() throws Exception {
        CliRun run = CliRun.run(dir, "bench", "detection", "--runs", "2", "--policies", "ours,seed", "--steps",
                "5,pause=3m", "--curve", "out/curve.png", "--curve-healthy", "healthy", "--curve-bad", "errors-10x");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("detection curves: 2 runs per point from seed 1; false rollbacks on healthy, "
                + "median seconds to roll back errors-10x").contains("ours       sequential judges on 5xx and on P95 "
                + "(+20 %), every 10 s, alpha 0.1 %").contains("seed       15-min windows, 5xx rate > 3 % or P95 > 3x "
                + "stable").contains("wrote out/curve.png");
        BufferedImage image = ImageIO.read(dir.resolve("out/curve.png").toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(560);
        CliRun wrong = CliRun.run(dir, "bench", "detection", "--curve", "c.png", "--curve-healthy", "errors-2x");
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.err()).contains("--curve-healthy must name a scenario that expects a promotion");
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
        assertThat(policy.err()).contains("--policies: 'istio' is not one of ours, ours-60s, seed, flagger-1, "
                + "flagger-10, argo");
        CliRun scenario = CliRun.run(dir, "bench", "detection", "--scenarios", "sunny");
        assertThat(scenario.err()).contains("--scenarios: 'sunny' is not one of healthy, low-traffic");
        CliRun steps = CliRun.run(dir, "bench", "detection", "--steps", "5,pause=soon");
        assertThat(steps.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(steps.err()).contains("--steps '5,pause=soon'").contains("strategy.canary.steps[1].pause");
        CliRun missing = CliRun.run(dir, "bench", "detection", "--ours", "nope.yaml");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("--ours: nope.yaml: file not found");
        Files.writeString(dir.resolve("bad.yaml"), "interval: 10s\nchecks:\n  - {name: x, judge: sequential, metric: request-count}\n");
        CliRun bad = CliRun.run(dir, "bench", "detection", "--ours", "bad.yaml");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("bad.yaml:3:").contains("checks[0].metric: the judge compares");
        assertThat(CliRun.run(dir, "bench", "--help").out()).contains("detection");
    }
}
