package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.InProcessKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The detection benchmark's loop against the engine itself, and its figures. */
@InProcessKubernetes
class DetectionBenchTest {
    static final List<CanaryStep> STEPS = List.of(new CanaryStep.SetWeight(5), new CanaryStep.Pause(Duration.ofMinutes(3)),
            new CanaryStep.SetWeight(25), new CanaryStep.Pause(Duration.ofMinutes(3)));

    KubernetesClient client;

    static Map<String, DetectionBench.Scenario> scenarios() {
        return DetectionBench.scenarios().stream().collect(Collectors.toMap(DetectionBench.Scenario::name,
                Function.identity()));
    }

    static DetectionBench.Policy policy(String name) {
        return DetectionBench.policies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** The same policy, steps and traffic through the real engine, on the CRUD API server and virtual time. */
    SimulationResult rehearse(DetectionBench.Policy policy, SimulationScenario traffic) throws InterruptedException {
        String spec = """
                name: shop
                namespace: bench
                deployment: shop
                image: shop:2
                strategy:
                  canary:
                    steps: [{setWeight: 5}, {pause: 3m}, {setWeight: 25}, {pause: 3m}]
                    analysis:
                """ + policy.analysisYaml().indent(6);
        Rehearsal rehearsal = new Rehearsal(client, new RolloutSpecParser().parseText(spec, "bench.yaml"), traffic,
                Instant.parse("2026-01-01T00:00:00Z"), Duration.ofHours(2));
        rehearsal.seed();
        return rehearsal.run(AuditLog.none(), "bench");
    }

    static long firstTrafficToStable(SimulationResult result) {
        long first = result.timeline().stream().filter(e -> e.weight() > 0).findFirst().orElseThrow().t();
        return result.timeline().stream().filter(e -> e.t() >= first && e.weight() == 0).findFirst().orElseThrow()
                .t() - first;
    }

    @Test
    void theBenchmarksLoopDecidesAsTheEngineDoes() throws Exception {
        DetectionBench bench = new DetectionBench(STEPS);
        DetectionBench.Policy ours = policy("ours");
        SimulationScenario bad = scenarios().get("errors-10x").build().apply(11);
        DetectionBench.Outcome loop = bench.run(ours, bad);
        SimulationResult engine = rehearse(ours, bad);
        assertThat(loop.ending()).isEqualTo(DetectionBench.Ending.ROLLED_BACK);
        assertThat(engine.phase()).isEqualTo("RolledBack");
        assertThat(loop.check()).isEqualTo(engine.trigger().check()).isEqualTo("errors-vs-stable");
        // The engine waits for the canary's pods before the weight counts; traffic draws differ from there on.
        assertThat(firstTrafficToStable(engine)).isCloseTo(loop.seconds(), org.assertj.core.api.Assertions.within(30L));

        DetectionBench.Policy minutes = policy("ours-60s");
        SimulationScenario healthy = scenarios().get("healthy").build().apply(11);
        assertThat(bench.run(minutes, healthy).ending()).isEqualTo(DetectionBench.Ending.PROMOTED);
        assertThat(rehearse(minutes, healthy).phase()).isEqualTo("Succeeded");
    }

    @Test
    void rowsCountEveryRunAndTimeTheRollbacks() throws Exception {
        DetectionBench bench = new DetectionBench(STEPS);
        DetectionBench.Row bad = bench.measure(policy("ours"), scenarios().get("errors-10x"), 12, 5);
        assertThat(bad.rollbacks()).isEqualTo(12);
        assertThat(bad.trippedBy()).isEqualTo(Map.of("errors-vs-stable", 12));
        assertThat(bad.bad()).isTrue();
        assertThat(bad.medianSeconds()).isBetween(10.0, 60.0);
        assertThat(bad.p95Seconds()).isGreaterThanOrEqualTo(bad.medianSeconds());

        DetectionBench.Row low = bench.measure(policy("ours"), scenarios().get("low-traffic"), 3, 5);
        assertThat(low.bad()).isFalse();
        assertThat(low.paused()).as("too little evidence: it waits for a person").isEqualTo(3);
        assertThat(low.medianSeconds()).isNull();
        assertThat(low.p95Seconds()).isNull();

        DetectionBench.Row seed = bench.measure(policy("seed"), scenarios().get("healthy"), 3, 5);
        assertThat(seed.promoted()).isEqualTo(3);
        assertThat(seed.rollbacks() + seed.promoted() + seed.paused()).isEqualTo(seed.runs());
        assertThat(seed.policy()).isEqualTo("seed");
        assertThat(seed.scenario()).isEqualTo("healthy");
        assertThat(seed.falseRollbackRate()).isZero();
        assertThat(seed.missRate()).isNull();
        assertThat(bad.missRate()).isZero();
        assertThat(bad.medianOfAllRuns()).isEqualTo(bad.medianSeconds());
    }

    @Test
    void theScenariosAndPoliciesAreNamedAndShapedAsTheirDescriptionsSay() {
        assertThat(DetectionBench.scenarios()).extracting(DetectionBench.Scenario::name).containsExactly("healthy",
                "low-traffic", "noisy-healthy", "bursty-healthy", "bursty5-healthy", "noisy-canary-healthy",
                "noisy-both-healthy", "warmup-healthy", "stable-bad-pod", "scraped-healthy", "errors-2x", "errors-10x",
                "p95-1.5x", "p95-2x", "p95-3x", "bursty-errors-10x", "bursty-errors-2x", "noisy-errors-10x",
                "noisy-errors-2x", "noisy-p95-1.5x", "warmup-errors-10x", "bad-pod", "scraped-errors-10x",
                "scraped-p95-1.5x");
        assertThat(DetectionBench.policies()).extracting(DetectionBench.Policy::name).containsExactly("ours",
                "ours-60s", "seed", "flagger-1", "flagger-10", "argo");
        Map<String, DetectionBench.Scenario> all = scenarios();
        assertThat(all.values()).allSatisfy(s -> assertThat(s.bad()).as(s.name())
                .isEqualTo(!s.name().contains("healthy") && !s.name().equals("low-traffic")
                        && !s.name().equals("stable-bad-pod")));
        assertThat(all.values()).allSatisfy(s -> assertThat(s.build().apply(1).expect()).isEqualTo(s.expect()));
        assertThat(all.get("healthy").build().apply(1).rps()).isEqualTo(200);
        assertThat(all.get("low-traffic").build().apply(1).rps()).isEqualTo(2);
        assertThat(all.get("errors-2x").build().apply(1).canary().errorRate()).isEqualTo(0.01);
        assertThat(all.get("p95-3x").build().apply(1).canary().p95Seconds()).isEqualTo(0.36);
        assertThat(all.get("bursty5-healthy").build().apply(1).shape().burst()).isEqualTo(5);
        assertThat(all.get("noisy-both-healthy").build().apply(1).shape().noise(io.cicdmanager.analysis.Track.STABLE))
                .isEqualTo(0.5);
        assertThat(all.get("warmup-healthy").build().apply(1).shape().warmup().duration())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(all.get("bad-pod").build().apply(1).shape().pods().outlier().behaviour().errorRate())
                .isEqualTo(0.2);
        assertThat(all.get("scraped-healthy").build().apply(1).shape().scrapeInterval())
                .isEqualTo(Duration.ofSeconds(15));
        SimulationScenario noisy = all.get("noisy-healthy").build().apply(1);
        assertThat(noisy.events()).isNotEmpty().allSatisfy(e -> assertThat(e.stable()).isEqualTo(e.canary()));
        assertThat(DetectionBench.policies()).allSatisfy(p -> assertThat(p.parse().checks()).isNotEmpty());
        assertThat(DetectionBench.policies()).allSatisfy(p -> assertThat(DetectionBench.dial(p)).hasSize(6));
    }

    @Test
    void noRunsRandomnessIsAShiftedCopyOfAnothers() {
        // Storm schedules of consecutive runs: not equal, and not the same minutes shifted by one draw.
        Map<String, DetectionBench.Scenario> all = scenarios();
        List<Long> seeds = java.util.stream.IntStream.range(0, 50).mapToObj(i -> DetectionBench.runSeed(1, i))
                .toList();
        for (int i = 1; i < seeds.size(); i++) {
            List<Duration> before = storms(all.get("noisy-healthy").build().apply(seeds.get(i - 1)));
            List<Duration> now = storms(all.get("noisy-healthy").build().apply(seeds.get(i)));
            assertThat(now).isNotEqualTo(before);
            assertThat(now.subList(0, Math.min(3, now.size()))).as("run " + i)
                    .isNotEqualTo(before.subList(Math.min(1, before.size()), Math.min(4, before.size())));
        }
        // The simulator's own draws: the first requests of consecutive runs are not one stream shifted.
        java.util.Set<Long> firstDraws = new java.util.HashSet<>();
        for (long seed : seeds) {
            firstDraws.add(new java.util.SplittableRandom(seed).nextLong());
            firstDraws.add(new java.util.SplittableRandom(seed).split().nextLong());
        }
        assertThat(firstDraws).hasSize(2 * seeds.size());
        for (int i = 1; i < seeds.size(); i++) {
            java.util.SplittableRandom previous = new java.util.SplittableRandom(seeds.get(i - 1));
            previous.nextLong();
            assertThat(previous.nextLong()).isNotEqualTo(new java.util.SplittableRandom(seeds.get(i)).nextLong());
        }
    }

    private static List<Duration> storms(SimulationScenario s) {
        return s.events().stream().filter(e -> e.stable() != null && e.stable().errorRate() == 0.05)
                .map(SimulationScenario.Event::at).toList();
    }

    @Test
    void flaggerCountsOneFailedCheckPerIntervalAndRollsBackAtTheNext() throws Exception {
        DetectionBench bench = new DetectionBench(STEPS);
        DetectionBench.Policy flagger = policy("flagger-1");
        assertThat(flagger.rollbackDelay()).isEqualTo(Duration.ofMinutes(1));
        // No errors at all, and a canary P95 of 500 ms, so a P99 near 700 ms: Flagger's duration check (P99 at most
        // 500 ms) fails at the first interval (60 s), and the canary leaves at the next (120 s).
        SimulationScenario.Behaviour fast = new SimulationScenario.Behaviour(0, 0.12, 0.5);
        SimulationScenario slow = new SimulationScenario(3, 200, 0, fast, new SimulationScenario.Behaviour(0, 0.5, 0.5),
                List.of());
        DetectionBench.Outcome outcome = bench.run(flagger, slow);
        assertThat(outcome.ending()).isEqualTo(DetectionBench.Ending.ROLLED_BACK);
        assertThat(outcome.check()).isEqualTo("request-duration");
        assertThat(outcome.seconds()).isEqualTo(120);
        assertThat(bench.run(flagger.parse(), slow).seconds()).isEqualTo(60);
    }

    @Test
    void theOutOfModelScenariosOfTheDocsAreValidAndHealthy() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("..", "docs", "examples", "detection");
        try (var files = java.nio.file.Files.list(dir)) {
            List<java.nio.file.Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).hasSizeGreaterThanOrEqualTo(8);
            for (java.nio.file.Path f : yaml) {
                DetectionBench.Scenario s = DetectionBench.fromFile(f.getFileName().toString(),
                        io.cicdmanager.config.ConfigReader.read(f, f.toString()));
                assertThat(s.expect()).as(f.toString()).isEqualTo("promote");
            }
        }
    }

    @Test
    void aScenarioFromAFileMustSayWhatItExpects() {
        DetectionBench.Scenario mine = DetectionBench.fromFile("mine", io.cicdmanager.config.ConfigReader.read(
                "expect: rollback\ncanary: {errorRate: 5%}\n", "mine.yaml"));
        assertThat(mine.bad()).isTrue();
        assertThat(mine.build().apply(7).seed()).isEqualTo(7);
        assertThat(mine.build().apply(7).canary().errorRate()).isEqualTo(0.05);
        assertThatThrownBy(() -> DetectionBench.fromFile("x", io.cicdmanager.config.ConfigReader.read(
                "canary: {errorRate: 5%}\n", "x.yaml"))).hasMessageContaining("x.yaml")
                .hasMessageContaining("must say what it expects");
        assertThatThrownBy(() -> DetectionBench.fromFile("x", io.cicdmanager.config.ConfigReader.read(
                "expect: maybe\n", "x.yaml"))).hasMessageContaining("x.yaml:1:9: expect: 'maybe' is not one of "
                + "promote, rollback");
    }

    @Test
    void aBenchmarkCannotWaitForAPersonAndNamesItsChoicesFromTheLists() throws Exception {
        DetectionBench waiting = new DetectionBench(List.of(new CanaryStep.SetWeight(5), new CanaryStep.Pause(null)));
        assertThatThrownBy(() -> waiting.run(policy("ours"), scenarios().get("healthy").build().apply(1)))
                .hasMessageContaining("give every pause a duration");
        assertThat(DetectionBench.select(List.of("a", "b"), List.of("b"), s -> s, "things")).containsExactly("b");
        assertThat(DetectionBench.select(List.of("a", "b"), null, s -> s, "things")).containsExactly("a", "b");
        assertThatThrownBy(() -> DetectionBench.select(List.of("a", "b"), List.of("c"), s -> s, "things"))
                .isInstanceOf(UsageException.class).hasMessage("--things: 'c' is not one of a, b");
    }
}
