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
        DetectionBench.Outcome loop = bench.run(ours.parse(), bad);
        SimulationResult engine = rehearse(ours, bad);
        assertThat(loop.ending()).isEqualTo(DetectionBench.Ending.ROLLED_BACK);
        assertThat(engine.phase()).isEqualTo("RolledBack");
        assertThat(loop.check()).isEqualTo(engine.trigger().check()).isEqualTo("errors-vs-stable");
        // The engine waits for the canary's pods before the weight counts; traffic draws differ from there on.
        assertThat(firstTrafficToStable(engine)).isCloseTo(loop.seconds(), org.assertj.core.api.Assertions.within(30L));

        DetectionBench.Policy flagger = policy("flagger-1");
        SimulationScenario healthy = scenarios().get("healthy").build().apply(11);
        assertThat(bench.run(flagger.parse(), healthy).ending()).isEqualTo(DetectionBench.Ending.PROMOTED);
        assertThat(rehearse(flagger, healthy).phase()).isEqualTo("Succeeded");
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
    }

    @Test
    void theScenariosAreTheIssues() {
        assertThat(DetectionBench.scenarios()).extracting(DetectionBench.Scenario::name).containsExactly("healthy",
                "errors-2x", "errors-10x", "p95-2x", "p95-3x", "low-traffic", "noisy-healthy");
        assertThat(DetectionBench.policies()).extracting(DetectionBench.Policy::name).containsExactly("ours", "seed",
                "flagger-1", "flagger-10", "argo");
        Map<String, DetectionBench.Scenario> all = scenarios();
        assertThat(all.get("healthy").build().apply(1).rps()).isEqualTo(200);
        assertThat(all.get("low-traffic").build().apply(1).rps()).isEqualTo(2);
        assertThat(all.get("errors-2x").build().apply(1).canary().errorRate()).isEqualTo(0.01);
        assertThat(all.get("p95-3x").build().apply(1).canary().p95Seconds()).isEqualTo(0.36);
        SimulationScenario noisy = all.get("noisy-healthy").build().apply(1);
        assertThat(noisy.events()).isNotEmpty().allSatisfy(e -> assertThat(e.stable()).isEqualTo(e.canary()));
        assertThat(noisy.events()).isNotEqualTo(all.get("noisy-healthy").build().apply(2).events());
        assertThat(DetectionBench.policies()).allSatisfy(p -> assertThat(p.parse().checks()).isNotEmpty());
    }

    @Test
    void aBenchmarkCannotWaitForAPersonAndNamesItsChoicesFromTheLists() throws Exception {
        DetectionBench waiting = new DetectionBench(List.of(new CanaryStep.SetWeight(5), new CanaryStep.Pause(null)));
        assertThatThrownBy(() -> waiting.run(policy("ours").parse(), scenarios().get("healthy").build().apply(1)))
                .hasMessageContaining("give every pause a duration");
        assertThat(DetectionBench.select(List.of("a", "b"), List.of("b"), s -> s, "things")).containsExactly("b");
        assertThat(DetectionBench.select(List.of("a", "b"), null, s -> s, "things")).containsExactly("a", "b");
        assertThatThrownBy(() -> DetectionBench.select(List.of("a", "b"), List.of("c"), s -> s, "things"))
                .isInstanceOf(UsageException.class).hasMessage("--things: 'c' is not one of a, b");
    }
}
