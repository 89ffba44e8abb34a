package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine with the default sequential judge, rehearsed on virtual time against the CRUD API server. */
@InProcessKubernetes
class JudgedRolloutTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final String SPEC = """
            name: checkout
            namespace: prod
            deployment: checkout
            image: registry.example/checkout:2.4.1
            strategy:
              canary:
                steps: [{setWeight: 5}, {pause: 1m}]
                analysis: {interval: 10s, onInconclusive: %s}
            progressDeadline: 2m
            """;

    KubernetesClient client;
    final List<AuditEntry> audit = new ArrayList<>();

    SimulationResult rehearse(String spec, String scenario, Duration horizon) throws InterruptedException {
        Rehearsal rehearsal = new Rehearsal(client, RolloutSpecParser.forSimulation().parseText(spec, "rollout.yaml"),
                SimulationScenario.from(ConfigReader.read(scenario, "scenario.yaml")), T0, horizon);
        rehearsal.seed();
        return rehearsal.run(audit::add, "jenkins");
    }

    RolloutStatus status() {
        return new RolloutRecordStore(client).read("prod", "checkout").map(RolloutRecord::status).orElseThrow();
    }

    @Test
    void aCanaryFailingTenTimesAsOftenIsRolledBackByTheJudgeNamingBothRatesAndTheEvidence() throws Exception {
        SimulationResult result = rehearse(SPEC.formatted("pause"), """
                seed: 3
                traffic: {rps: 200}
                canary: {errorRate: 0.05}
                """, Duration.ofHours(1));
        assertThat(result.phase()).isEqualTo("RolledBack");
        assertThat(result.trigger().check()).isEqualTo("errors-vs-stable");
        assertThat(result.trigger().value()).isGreaterThan(0.02);
        assertThat(result.trigger().threshold()).isLessThan(0.01);
        long firstTraffic = result.timeline().stream().filter(e -> e.weight() == 5).findFirst().orElseThrow().t();
        long onStable = result.timeline().stream().filter(e -> e.t() > firstTraffic && e.weight() == 0).findFirst()
                .orElseThrow().t();
        assertThat(onStable - firstTraffic).as("first traffic to traffic on stable").isLessThanOrEqualTo(60);

        String evidence = "5xx answers: canary ";
        RolloutStatus status = status();
        assertThat(status.trigger().message()).startsWith("check errors-vs-stable failed: " + evidence)
                .containsPattern("canary \\d+(\\.\\d+)? % \\(\\d+/\\d+\\) vs stable \\d+(\\.\\d+)? % \\(\\d+/\\d+\\)")
                .contains("worse than 1.5× and +0.1 points, evidence").contains("(alpha 1 %)");
        assertThat(status.message()).contains(status.trigger().message());
        assertThat(status.analysis().checks()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("sequential-judge");
            assertThat(c.verdict().name()).isEqualTo("FAIL");
            assertThat(c.stableValue()).isBetween(0.002, 0.01);
        });
        assertThat(audit).filteredOn(a -> a.action().equals("transition") && a.outcome().equals("Aborting"))
                .singleElement().satisfies(a -> {
                    assertThat(a.reason()).isEqualTo(status.trigger().message());
                    assertThat(a.details().get("trigger").toString()).contains(evidence);
                });
    }

    @Test
    void withTooLittleEvidenceTheStepWaitsThenPausesForAPersonWhoseResumeGrantsAnotherDeadline() throws Exception {
        SimulationResult result = rehearse(SPEC.formatted("pause"), """
                seed: 3
                traffic: {rps: 2}
                events:
                  - {at: 5m, command: resume, by: alice, reason: "give it time"}
                """, Duration.ofMinutes(12));
        List<SimulationResult.Event> pauses = result.timeline().stream().filter(e -> e.phase().equals("Paused")
                && e.event().startsWith("check errors-vs-stable still inconclusive")).toList();
        assertThat(pauses).as(result.timeline().toString()).hasSize(2);
        // 1 min step + 2 min deadline, seen at the next 10-s round; then 2 min more after alice's resume at 5 min.
        assertThat(pauses.get(0).t()).isBetween(180L, 200L);
        assertThat(pauses.get(1).t()).isBetween(300L + 120L, 300L + 140L);
        assertThat(pauses.get(0).event()).contains("(progress deadline 2m)").contains("not enough evidence yet");
        assertThat(result.timeline()).anySatisfy(e -> assertThat(e.by()).isEqualTo("alice"));
        assertThat(result.phase()).isEqualTo("Paused");
        assertThat(status().trigger().check()).isEqualTo("errors-vs-stable");
        assertThat(status().phase()).isEqualTo(RolloutPhase.PAUSED);
    }

    @Test
    void withTooLittleEvidenceAndOnInconclusiveRollbackTheCanaryIsRolledBackAtTheDeadline() throws Exception {
        SimulationResult result = rehearse(SPEC.formatted("rollback"), """
                seed: 3
                traffic: {rps: 2}
                """, Duration.ofMinutes(12));
        assertThat(result.phase()).isEqualTo("RolledBack");
        assertThat(result.trigger().check()).isEqualTo("errors-vs-stable");
        assertThat(result.durationSeconds()).isBetween(180L, 220L);
        assertThat(status().trigger().message()).startsWith("check errors-vs-stable still inconclusive");
    }
}
