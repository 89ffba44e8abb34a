package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker sees breaches that no engine of ours makes: made here by hand, as a buggy engine would. */
@InProcessKubernetes
class InvariantCheckerTest {
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    static final String SPEC = """
            name: app
            namespace: chaos
            deployment: app
            image: registry.example/app:2
            strategy:
              canary:
                steps: [{setWeight: 50}]
                analysis: {interval: 30s, checks: [{metric: error-rate, max: 1%}]}
            router: {type: istio, virtualService: app}
            """;

    KubernetesClient client;
    RolloutSpec spec;
    SimulatedDeploymentController controller;
    Workloads workloads;
    InvariantChecker checker;
    final List<InvariantChecker.Broken> broken = new ArrayList<>();

    @BeforeEach
    void setUp() {
        spec = new RolloutSpecParser().parseText(SPEC, "s");
        new Rehearsal(client, spec, SimulationScenario.healthy(1, 100), T0, Duration.ofHours(1)).seed();
        controller = new SimulatedDeploymentController(client, "chaos");
        workloads = new Workloads(client, "chaos");
        workloads.applyCanary(workloads.require("app"), "app-canary", null, spec.image(), 2);
        controller.setImageFaults(spec.image(), SimulatedDeploymentController.PodFaults.allUnready(false));
        controller.reconcile();
        checker = new InvariantChecker(client, spec, "registry.example/app:previous", broken::add);
    }

    IstioTrafficRouter istio() {
        return new IstioTrafficRouter(client, "chaos", "app", List.of(), "stable", "canary", null, null);
    }

    RolloutRecord started() {
        RolloutStatus status = RolloutStatus.pending("app", "chaos", "canary", "istio", spec.image(),
                "registry.example/app:previous", 1, T0, "jenkins")
                .withPhase(RolloutPhase.PROGRESSING, "step", T0, "jenkins", "started")
                .withHeartbeat(new RolloutStatus.Heartbeat("e", T0, 5));
        return new RolloutRecordStore(client).start(SPEC, status).orElseThrow();
    }

    @Test
    void aWeightMovedOntoCanaryPodsThatAreNotReadyIsI1() {
        started();
        checker.check(T0);
        istio().setWeight(50); // what a promote that skipped readiness did
        checker.check(T0.plusSeconds(1));
        assertThat(broken).singleElement().satisfies(b -> {
            assertThat(b.invariant()).isEqualTo("I1");
            assertThat(b.detail()).contains("50 % of traffic moved to the canary with 0/2 canary pods ready");
        });
    }

    @Test
    void usersLeftOnCanaryPodsWithNoneReadyPastTheGraceWhileAnEngineDrivesIsI1() {
        controller.setImageFaults(spec.image(), SimulatedDeploymentController.PodFaults.NONE);
        controller.reconcile();
        started();
        istio().setWeight(50);
        checker.check(T0);
        controller.setImageFaults(spec.image(), SimulatedDeploymentController.PodFaults.allUnready(true));
        controller.reconcile();
        new RolloutRecordStore(client).writeStatus("chaos", "app", new RolloutRecordStore(client).read("chaos", "app")
                .orElseThrow().status().withHeartbeat(new RolloutStatus.Heartbeat("e", T0.plusSeconds(40), 5)), null);
        checker.check(T0.plusSeconds(20));
        assertThat(broken).isEmpty();
        checker.check(T0.plusSeconds(41));
        assertThat(broken).singleElement().satisfies(b -> assertThat(b.detail())
                .contains("users sent to the release's pods with none ready"));
    }

    @Test
    void anEngineThatClaimsAnOrphanIsAnswerableFromItsClaimNotForTheWaitBefore() {
        controller.setImageFaults(spec.image(), SimulatedDeploymentController.PodFaults.NONE);
        controller.reconcile();
        RolloutRecordStore store = new RolloutRecordStore(client);
        checker.recordWritten(started(), T0);
        istio().setWeight(50);
        checker.check(T0);
        controller.setImageFaults(spec.image(), SimulatedDeploymentController.PodFaults.allUnready(true));
        controller.reconcile();
        checker.killed(); // engine e dies; nobody looks again until a new engine claims the orphan 81 s later
        RolloutRecord orphan = store.read("chaos", "app").orElseThrow();
        checker.recordWritten(store.claim("chaos", "app", orphan.resourceVersion(), orphan.status()
                .withHeartbeat(new RolloutStatus.Heartbeat("e2", T0.plusSeconds(81), 5))).orElseThrow(),
                T0.plusSeconds(81));
        checker.check(T0.plusSeconds(81));
        checker.check(T0.plusSeconds(91));
        assertThat(broken).isEmpty();
        checker.recordWritten(store.writeStatus("chaos", "app", store.read("chaos", "app").orElseThrow().status()
                .withHeartbeat(new RolloutStatus.Heartbeat("e2", T0.plusSeconds(110), 5)), null), T0.plusSeconds(110));
        checker.check(T0.plusSeconds(112));
        assertThat(broken).singleElement().satisfies(b -> assertThat(b.detail())
                .contains("none ready for 31 s while an engine drove the rollout"));
    }

    @Test
    void aPromotionByTheEngineWithACheckNotPassedIsI2() {
        RolloutRecord record = started();
        checker.recordWritten(record, T0);
        RolloutStatus promoting = record.status().withAnalysis(new RolloutStatus.Analysis(3, T0, List.of(
                new RolloutStatus.CheckStatus("error-rate", "threshold", "error-rate", Verdict.ERROR, null, null, 0.01,
                        "<=", "Prometheus unreachable", T0, 0, 0, 0, 3, 3, null))), T0)
                .withPhase(RolloutPhase.PROMOTING, "promoting", T0, RolloutEngine.ENGINE_ACTOR, "every step passed");
        checker.recordWritten(new RolloutRecordStore(client).writeStatus("chaos", "app", promoting, null), T0);
        assertThat(broken).singleElement().satisfies(b -> {
            assertThat(b.invariant()).isEqualTo("I2");
            assertThat(b.detail()).contains("error-rate=ERROR");
        });
    }

    @Test
    void aRolledBackRecordWithTrafficStillOnTheCanaryIsI4() {
        RolloutRecord record = started();
        controller.setImageFaults(spec.image(), SimulatedDeploymentController.PodFaults.NONE);
        controller.reconcile();
        istio().setWeight(50);
        new RolloutRecordStore(client).writeStatus("chaos", "app", record.status().withPhase(RolloutPhase.ROLLED_BACK,
                "rolled back", T0, "e", "x"), null);
        checker.finish(T0, false);
        assertThat(broken).extracting(InvariantChecker.Broken::invariant).containsOnly("I4");
        assertThat(broken).extracting(InvariantChecker.Broken::detail)
                .anySatisfy(d -> assertThat(d).contains("50 % of traffic still goes to the canary"))
                .anySatisfy(d -> assertThat(d).contains("app-canary still has 2 pods"));
    }

    @Test
    void aRollbackEndingWhileTheWorldMakesTheStablePodsCrashIsNotI4ButOnlyThen() {
        RolloutRecord record = started();
        workloads.scale("app-canary", 0);
        controller.setImageFaults("registry.example/app:previous", SimulatedDeploymentController.PodFaults.allUnready(
                true));
        controller.reconcile();
        new RolloutRecordStore(client).writeStatus("chaos", "app", record.status().withPhase(RolloutPhase.ROLLED_BACK,
                "rolled back", T0, "e", "x"), null);
        checker.finish(T0, true);
        assertThat(broken).isEmpty();
        checker.finish(T0, false);
        assertThat(broken).singleElement().satisfies(b -> {
            assertThat(b.invariant()).isEqualTo("I4");
            assertThat(b.detail()).contains("the stable Deployment is not rolled out: 0/");
        });
    }

    @Test
    void aHistoryOverwrittenByAnOlderOneIsI5() {
        RolloutRecord record = started();
        RolloutStatus older = record.status();
        RolloutStatus newer = older.withPhase(RolloutPhase.PAUSED, "paused", T0, "alice", "x");
        RolloutRecordStore store = new RolloutRecordStore(client);
        checker.recordWritten(store.writeStatus("chaos", "app", newer, null), T0);
        // an engine that lost the record writes the status it had: the pause is gone from the history
        checker.recordWritten(store.writeStatus("chaos", "app", older.withMessage("stale", T0), null), T0);
        assertThat(broken).singleElement().satisfies(b -> {
            assertThat(b.invariant()).isEqualTo("I5");
            assertThat(b.detail()).contains("history went back");
        });
    }
}
