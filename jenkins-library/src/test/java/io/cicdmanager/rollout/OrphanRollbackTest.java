package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class OrphanRollbackTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    KubernetesClient client;
    RolloutRecordStore store;
    Workloads workloads;
    SimulatedDeploymentController controller;
    VirtualTime time;
    final List<AuditEntry> audit = new ArrayList<>();

    @BeforeEach
    void setUp() {
        client.apps().deployments().inNamespace("prod").resource(KubeFixtures.deployment("prod", "shop", "shop:1", 2))
                .create();
        client.services().inNamespace("prod").resource(new ServiceBuilder().withNewMetadata().withName("shop-active")
                .endMetadata().withNewSpec().addToSelector("app", "shop").endSpec().build()).create();
        store = new RolloutRecordStore(client);
        workloads = new Workloads(client, "prod");
        controller = new SimulatedDeploymentController(client, "prod");
        controller.reconcile();
        // two minutes after the engine's last beat, the Deployment controller settling every second
        time = new VirtualTime(T0.plusSeconds(120));
        time.every(Duration.ofSeconds(1), controller::reconcile);
    }

    OrphanRollback later() {
        return new OrphanRollback(store, time.clock(), time, audit::add);
    }

    RolloutRecord orphan(String strategyYaml, String strategy) {
        String spec = "name: shop\nnamespace: prod\ndeployment: shop\nimage: shop:2\nstrategy: " + strategyYaml + "\n";
        RolloutStatus status = RolloutStatus.pending("shop", "prod", strategy, "x", "shop:2", "shop:1", 2, T0, "jenkins")
                .withPhase(RolloutPhase.PROGRESSING, "step", T0, "jenkins", "started")
                .withHeartbeat(new RolloutStatus.Heartbeat("dead-engine", T0, 5));
        return store.start(spec, status).orElseThrow();
    }

    @Test
    void aBlueGreenOrphanPointsTheActiveServiceBackAtStable() throws Exception {
        RolloutRecord record = orphan("{blueGreen: {activeService: shop-active, previewService: shop-preview}}",
                "blueGreen");
        workloads.applyCanary(workloads.require("shop"), "shop-canary", null, "shop:2", 2);
        workloads.setSelector("shop-active", Map.of("app", "shop", "cicd-manager.io/track", "canary"));
        RolloutRecord done = later().rollBack(record, "erin", "engine gone", "tui");
        assertThat(done.status().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(client.services().inNamespace("prod").withName("shop-active").get().getSpec().getSelector())
                .isEqualTo(Map.of("app", "shop"));
        assertThat(workloads.require("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("Aborting", "RolledBack");
        assertThat(audit).allSatisfy(a -> assertThat(a.actor()).isEqualTo("erin"));
    }

    @Test
    void aBlueGreenOrphanedWhilePromotingGoesBackToTheOldPodsOnlyOnceTheyAreReadyAgain() throws Exception {
        RolloutRecord record = orphan("{blueGreen: {activeService: shop-active, previewService: shop-preview}}",
                "blueGreen");
        workloads.applyCanary(workloads.require("shop"), "shop-canary", null, "shop:2", 2);
        workloads.setSelector("shop-active", Map.of("app", "shop", "cicd-manager.io/track", "canary"));
        workloads.setImage("shop", null, "shop:2"); // the dead engine was moving stable to the release
        controller.reconcile(); // the old pods are gone: the stable Deployment runs the release
        List<Map<String, String>> selectors = new ArrayList<>();
        List<Integer> readyBehindActive = new ArrayList<>();
        time.every(Duration.ofMillis(500), () -> {
            Map<String, String> selector = client.services().inNamespace("prod").withName("shop-active").get()
                    .getSpec().getSelector();
            selectors.add(selector);
            readyBehindActive.add(workloads.readyPods(selector));
        });

        later().rollBack(record, "erin", "engine gone", "tui");

        assertThat(Workloads.container(workloads.require("shop"), null).getImage()).isEqualTo("shop:1");
        // the active Service always reached ready pods: the preview's until the old template's were back
        assertThat(readyBehindActive).doesNotContain(0);
        assertThat(selectors).doesNotContain(Map.of("app", "shop", Workloads.POD_TEMPLATE_HASH,
                workloads.podTemplateHashRunning("shop", null, "shop:2").orElseThrow()));
        assertThat(workloads.require("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(client.services().inNamespace("prod").withName("shop-active").get().getSpec().getSelector())
                .isEqualTo(Map.of("app", "shop"));
    }

    @Test
    void aRollingOrphanIsUndoneAndAPromotingCanaryGetsItsStableImageBack() throws Exception {
        RolloutRecord rolling = orphan("{rolling: {}}", "rolling");
        workloads.setImage("shop", null, "shop:2");
        controller.reconcile();
        later().rollBack(rolling, "erin", "engine gone", "cli");
        assertThat(Workloads.container(workloads.require("shop"), null).getImage()).isEqualTo("shop:1");

        controller.reconcile();
        store.updateStatus("prod", "shop", s -> s.withPhase(RolloutPhase.SUCCEEDED, "", T0, "x", "y"));
        RolloutRecord canary = orphan("{canary: {steps: [{setWeight: 50}]}}", "canary");
        workloads.setImage("shop", null, "shop:2"); // the dead engine was promoting
        later().rollBack(canary, "erin", "engine gone", "cli");
        assertThat(Workloads.container(workloads.require("shop"), null).getImage()).isEqualTo("shop:1");
    }

    @Test
    void aLiveOrFinishedRolloutIsNotTouched() throws Exception {
        RolloutRecord record = orphan("{rolling: {}}", "rolling");
        OrphanRollback fresh = new OrphanRollback(store, Clock.fixed(T0.plusSeconds(3), ZoneOffset.UTC), audit::add);
        assertThatThrownBy(() -> fresh.rollBack(record, "erin", "x", "cli")).isInstanceOf(UsageException.class)
                .hasMessageContaining("driven by engine dead-engine");
        store.updateStatus("prod", "shop", s -> s.withPhase(RolloutPhase.SUCCEEDED, "", T0, "x", "y"));
        RolloutRecord finished = store.read("prod", "shop").orElseThrow();
        assertThatThrownBy(() -> later().rollBack(finished, "erin", "x", "cli"))
                .hasMessageContaining("finished (Succeeded)");
        assertThat(audit).isEmpty();
    }

    @Test
    void aRollingOrphanWithNoRevisionOnTheOldImageGetsTheOldImageSetBack() throws Exception {
        // The revision history no longer holds shop:1 (revisionHistoryLimit, or a Deployment recreated on the
        // release): there is nothing to undo to, so the old image itself goes back on the template.
        client.apps().deployments().inNamespace("prod").withName("shop").delete();
        client.apps().replicaSets().inNamespace("prod").delete();
        client.apps().deployments().inNamespace("prod").resource(KubeFixtures.deployment("prod", "shop", "shop:2", 2))
                .create();
        controller.reconcile();
        RolloutRecord rolling = orphan("{rolling: {}}", "rolling");
        RolloutRecord done = later().rollBack(rolling, "erin", "engine gone", "cli");
        assertThat(done.status().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(Workloads.container(workloads.require("shop"), "app").getImage()).isEqualTo("shop:1");
    }

    @Test
    void aCanaryOrphanBehindNginxHasItsCanaryIngressAndServiceRemoved() throws Exception {
        String spec = "name: shop\nnamespace: prod\ndeployment: shop\nimage: shop:2\nstrategy: {canary: {steps: "
                + "[{setWeight: 50}]}}\nrouter: {type: nginx, ingress: shop, stableService: shop-active}\n";
        RolloutSpec parsed = new RolloutSpecParser().parseText(spec, "s");
        new Rehearsal(client, parsed, io.cicdmanager.analysis.SimulationScenario.healthy(1, 100), T0,
                Duration.ofHours(1)).seed();
        io.cicdmanager.traffic.NginxTrafficRouter nginx = new io.cicdmanager.traffic.NginxTrafficRouter(client, "prod",
                "shop", "shop-active", "shop-active-canary");
        nginx.prepare();
        workloads.applyCanary(workloads.require("shop"), "shop-canary", null, "shop:2", 1);
        controller.reconcile();
        nginx.setWeight(50);
        RolloutStatus status = RolloutStatus.pending("shop", "prod", "canary", "nginx", "shop:2", "shop:1", 1, T0,
                "jenkins").withPhase(RolloutPhase.PROGRESSING, "step", T0, "jenkins", "started")
                .withHeartbeat(new RolloutStatus.Heartbeat("dead-engine", T0, 5));
        RolloutRecord record = store.start(spec, status).orElseThrow();

        later().rollBack(record, "erin", "engine gone", "tui");

        assertThat(client.network().v1().ingresses().inNamespace("prod").withName("shop-canary").get()).isNull();
        assertThat(client.services().inNamespace("prod").withName("shop-active-canary").get()).isNull();
        assertThat(client.network().v1().ingresses().inNamespace("prod").withName("shop").get()).isNotNull();
        assertThat(workloads.require("shop-canary").getSpec().getReplicas()).isZero();
    }
}
