package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class RehearsalTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final String CANARY = """
            name: checkout
            namespace: prod
            deployment: checkout
            image: registry.example/checkout:2.4.1
            strategy:
              canary:
                steps: [{setWeight: 5}, {pause: 15m}, {setWeight: 25}, {pause: 15m}, {setWeight: 50}, {pause: 15m}]
                analysis:
                  interval: 30s
                  checks:
                    - {name: error-rate, metric: error-rate, max: 0.01}
                    - {name: p95-latency, metric: p95-latency, max: 1s}
                    - {name: p95-vs-stable, metric: p95-latency, maxRatioToStable: 3}
                  failureLimit: 0
                  inconclusiveLimit: 2
                  onInconclusive: pause
            progressDeadline: 10m
            """;

    KubernetesClient client;
    final List<AuditEntry> audit = new ArrayList<>();

    SimulationResult rehearse(String spec, String scenario) throws InterruptedException {
        return rehearse(spec, scenario, Rehearsal.DEFAULT_HORIZON);
    }

    SimulationResult rehearse(String spec, String scenario, Duration horizon) throws InterruptedException {
        RolloutSpec parsed = new RolloutSpecParser().parseText(spec, "rollout.yaml");
        Rehearsal rehearsal = new Rehearsal(client, parsed, SimulationScenario.from(ConfigReader.read(scenario,
                "scenario.yaml")), T0, horizon);
        rehearsal.seed();
        return rehearsal.run(audit::add, "jenkins");
    }

    RolloutRecord record() {
        return new RolloutRecordStore(client).read("prod", "checkout").orElseThrow();
    }

    @Test
    void aHealthyCanaryWalksEveryStepAndIsPromoted() throws Exception {
        long started = System.nanoTime();
        SimulationResult result = rehearse(CANARY, """
                seed: 7
                traffic: {rps: 200}
                stable: {errorRate: 0.005, p95: 120ms}
                canary: {errorRate: 0.005, p95: 120ms}
                """);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(result.phase()).as(result.toString()).isEqualTo("Succeeded");
        assertThat(result.trigger()).isNull();
        assertThat(result.durationSeconds()).isBetween(45 * 60L, 47 * 60L);
        assertThat(result.finalWeights()).isEqualTo(new SimulationResult.FinalWeights(100, 0));
        assertThat(result.timeline()).extracting(SimulationResult.Event::weight).contains(5, 25, 50);
        assertThat(result.timeline().get(0).event()).isEqualTo("started");
        assertThat(tookMillis).as("a 45-minute canary in virtual time").isLessThan(30_000);

        RolloutRecord record = record();
        assertThat(record.status().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(record.status().stableImage()).isEqualTo("registry.example/checkout:2.4.1");
        assertThat(record.status().analysis().checks()).hasSize(3).allSatisfy(c -> assertThat(c.failed()).isZero());
        assertThat(record.metrics().points()).hasSizeGreaterThan(80)
                .allSatisfy(p -> assertThat(p.canary().errorRate()).isNotNull());
        Deployment stable = client.apps().deployments().inNamespace("prod").withName("checkout").get();
        assertThat(Workloads.container(stable, null).getImage()).isEqualTo("registry.example/checkout:2.4.1");
        assertThat(stable.getSpec().getReplicas()).isEqualTo(4);
        assertThat(client.apps().deployments().inNamespace("prod").withName("checkout-canary").get().getSpec()
                .getReplicas()).isZero();
        assertThat(audit).extracting(AuditEntry::action).contains("start", "transition");
        assertThat(audit).filteredOn(a -> a.action().equals("transition")).extracting(AuditEntry::outcome)
                .containsSubsequence("Progressing", "Promoting", "Succeeded");
    }

    @Test
    void aCanaryThatTurnsBadIsRolledBackByItsErrorRateWithTheNumber() throws Exception {
        SimulationResult result = rehearse(CANARY, """
                seed: 7
                traffic: {rps: 200}
                events:
                  - {at: 90s, canary: {errorRate: 0.05}}
                """);
        assertThat(result.phase()).isEqualTo("RolledBack");
        assertThat(result.trigger().check()).isEqualTo("error-rate");
        assertThat(result.trigger().threshold()).isEqualTo(0.01);
        assertThat(result.trigger().value()).isGreaterThan(0.01);
        assertThat(result.durationSeconds()).isBetween(90L, 200L);
        assertThat(result.finalWeights().canary()).isZero();
        RolloutRecord record = record();
        assertThat(record.status().trigger().message()).contains("error-rate");
        assertThat(record.status().transitions()).extracting(t -> t.to().wireName())
                .containsSubsequence("Progressing", "Aborting", "RolledBack");
        Deployment stable = client.apps().deployments().inNamespace("prod").withName("checkout").get();
        assertThat(Workloads.container(stable, null).getImage()).isEqualTo("registry.example/checkout:previous");
        assertThat(stable.getSpec().getReplicas()).isEqualTo(4);
        assertThat(client.apps().deployments().inNamespace("prod").withName("checkout-canary").get().getSpec()
                .getReplicas()).isZero();
    }

    @Test
    void anOperatorAbortPutsTrafficBackOnStableAndNamesTheOperator() throws Exception {
        SimulationResult result = rehearse(CANARY, """
                seed: 7
                events:
                  - {at: 300s, command: abort, by: alice, reason: "pager"}
                """);
        assertThat(result.phase()).isEqualTo("RolledBack");
        assertThat(result.trigger()).isNull();
        assertThat(result.durationSeconds()).isBetween(300L, 302L);
        assertThat(result.timeline()).anySatisfy(e -> {
            assertThat(e.event()).contains("abort applied").contains("pager");
            assertThat(e.by()).isEqualTo("alice");
        });
        assertThat(result.timeline()).last().satisfies(e -> {
            assertThat(e.phase()).isEqualTo("RolledBack");
            assertThat(e.by()).isEqualTo("alice");
            assertThat(e.weight()).isZero();
        });
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("abort");
            assertThat(a.actor()).isEqualTo("alice");
            assertThat(a.outcome()).startsWith("applied");
        });
    }

    @Test
    void aPauseUntilPromotedWaitsForAnOperator() throws Exception {
        String spec = CANARY.replace("{pause: 15m}, {setWeight: 25}", "{pause: {}}, {setWeight: 25}");
        SimulationResult waiting = rehearse(spec, "seed: 1\n", Duration.ofHours(2));
        assertThat(waiting.phase()).isEqualTo("Progressing");
        assertThat(waiting.timeline()).last().extracting(SimulationResult.Event::event).asString()
                .contains("horizon");
        assertThat(record().status().step()).isEqualTo("pause until promoted");
    }

    @Test
    void promoteSkipsAPauseAndPauseResumeStopTheClock() throws Exception {
        String spec = CANARY.replace("{pause: 15m}, {setWeight: 25}", "{pause: {}}, {setWeight: 25}");
        SimulationResult result = rehearse(spec, """
                events:
                  - {at: 60s, command: pause, by: bob, reason: look}
                  - {at: 120s, command: pause, by: carol}
                  - {at: 600s, command: resume, by: bob}
                  - {at: 700s, command: promote, by: bob, reason: "looks fine"}
                """);
        assertThat(result.phase()).as(result.toString()).isEqualTo("Succeeded");
        assertThat(result.timeline()).anySatisfy(e -> assertThat(e.event()).contains("pause ignored"));
        assertThat(result.timeline()).extracting(SimulationResult.Event::phase).contains("Paused");
        // 700 s until promoted, then two 15-minute pauses
        assertThat(result.durationSeconds()).isBetween(700L + 30 * 60, 700L + 32 * 60);
    }

    @Test
    void promoteFullSkipsEveryRemainingStep() throws Exception {
        SimulationResult result = rehearse(CANARY, """
                events:
                  - {at: 100s, command: promote-full, by: dave, reason: hotfix}
                """);
        assertThat(result.phase()).as(result.toString()).isEqualTo("Succeeded");
        assertThat(result.durationSeconds()).isBetween(100L, 110L);
        assertThat(record().status().transitions()).anySatisfy(t -> {
            assertThat(t.to()).isEqualTo(RolloutPhase.PROMOTING);
            assertThat(t.actor()).isEqualTo("dave");
        });
    }

    @Test
    void anUnreachableMetricsBackendNeverPromotes() throws Exception {
        SimulationResult result = rehearse(CANARY, """
                events:
                  - {at: 60s, provider: down}
                """);
        assertThat(result.phase()).isEqualTo("RolledBack");
        assertThat(result.trigger().check()).isIn("error-rate", "p95-latency", "p95-vs-stable");
        assertThat(record().status().trigger().message()).contains("could not measure 5 rounds in a row");
        assertThat(record().status().analysis().checks()).allSatisfy(c -> assertThat(c.verdict().name()).isEqualTo("ERROR"));
    }

    @Test
    void aBackendDownAtTheEndHoldsPromotionUntilItAnswersAgain() throws Exception {
        String spec = CANARY.replace("onInconclusive: pause", "onInconclusive: pause\n      consecutiveErrorLimit: 100");
        SimulationResult result = rehearse(spec, """
                events:
                  - {at: 2690s, provider: down}
                  - {at: 2900s, provider: up}
                """);
        assertThat(result.phase()).as(result.toString()).isEqualTo("Succeeded");
        assertThat(result.durationSeconds()).as("promotion waited for the backend").isGreaterThanOrEqualTo(2900L);
    }

    @Test
    void aBackendDownBeyondTheProgressDeadlineRollsBackInsteadOfPromoting() throws Exception {
        String spec = CANARY.replace("onInconclusive: pause", "onInconclusive: pause\n      consecutiveErrorLimit: 100");
        SimulationResult result = rehearse(spec, """
                events:
                  - {at: 2690s, provider: down}
                """);
        assertThat(result.phase()).isEqualTo("RolledBack");
        assertThat(result.trigger().check()).isEqualTo("progressDeadline");
        assertThat(result.trigger().threshold()).isEqualTo(600.0);
    }

    @Test
    void tooLittleTrafficIsInconclusiveAndPausesForAPerson() throws Exception {
        SimulationResult result = rehearse(CANARY, """
                traffic: {rps: 0}
                """, Duration.ofHours(1));
        assertThat(result.phase()).isEqualTo("Paused");
        assertThat(record().status().trigger().message()).contains("inconclusive 3 time(s), limit 2");
        assertThat(record().status().transitions()).anySatisfy(t -> assertThat(t.actor()).isEqualTo("cicd-manager"));
    }

    @Test
    void inconclusiveWithRollbackPolicyRollsBack() throws Exception {
        SimulationResult result = rehearse(CANARY.replace("onInconclusive: pause", "onInconclusive: rollback"), """
                traffic: {rps: 0}
                """);
        assertThat(result.phase()).isEqualTo("RolledBack");
        assertThat(result.trigger().value()).isNull();
    }
}
