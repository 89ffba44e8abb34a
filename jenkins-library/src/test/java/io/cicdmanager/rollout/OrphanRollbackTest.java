package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.RolloutRecord;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.RolloutStatus;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
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
    static final Clock LATER = Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC);

    KubernetesClient client;
    RolloutRecordStore store;
    Workloads workloads;
    SimulatedDeploymentController controller;
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
    }

    RolloutRecord orphan(String strategyYaml, String strategy) {
        String spec = "name: shop\nnamespace: prod\ndeployment: shop\nimage: shop:2\nstrategy: " + strategyYaml + "\n";
        RolloutStatus status = RolloutStatus.pending("shop", "prod", strategy, "x", "shop:2", "shop:1", 2, T0, "jenkins")
                .withPhase(RolloutPhase.PROGRESSING, "step", T0, "jenkins", "started")
                .withHeartbeat(new RolloutStatus.Heartbeat("dead-engine", T0, 5));
        return store.start(spec, status).orElseThrow();
    }

    @Test
    void aBlueGreenOrphanPointsTheActiveServiceBackAtStable() {
        RolloutRecord record = orphan("{blueGreen: {activeService: shop-active, previewService: shop-preview}}",
                "blueGreen");
        workloads.applyCanary(workloads.require("shop"), "shop-canary", null, "shop:2", 2);
        workloads.setSelector("shop-active", Map.of("app", "shop", "cicd-manager.io/track", "canary"));
        RolloutRecord done = new OrphanRollback(store, LATER, audit::add).rollBack(record, "erin", "engine gone", "tui");
        assertThat(done.status().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(client.services().inNamespace("prod").withName("shop-active").get().getSpec().getSelector())
                .isEqualTo(Map.of("app", "shop"));
        assertThat(workloads.require("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("Aborting", "RolledBack");
        assertThat(audit).allSatisfy(a -> assertThat(a.actor()).isEqualTo("erin"));
    }

    @Test
    void aBlueGreenOrphanedWhilePromotingIsPinnedToTheOldPodsNotTheReleasesInTheStableDeployment() {
        RolloutRecord record = orphan("{blueGreen: {activeService: shop-active, previewService: shop-preview}}",
                "blueGreen");
        String oldHash = workloads.currentPodTemplateHash("shop").orElseThrow();
        workloads.applyCanary(workloads.require("shop"), "shop-canary", null, "shop:2", 2);
        workloads.setSelector("shop-active", Map.of("app", "shop", "cicd-manager.io/track", "canary"));
        workloads.setImage("shop", null, "shop:2"); // the dead engine was moving stable to the release
        controller.reconcile();
        new OrphanRollback(store, LATER, audit::add).rollBack(record, "erin", "engine gone", "tui");
        assertThat(Workloads.container(workloads.require("shop"), null).getImage()).isEqualTo("shop:1");
        assertThat(client.services().inNamespace("prod").withName("shop-active").get().getSpec().getSelector())
                .isEqualTo(Map.of("app", "shop", Workloads.POD_TEMPLATE_HASH, oldHash));
        assertThat(workloads.require("shop-canary").getSpec().getReplicas()).isZero();
    }

    @Test
    void aRollingOrphanIsUndoneAndAPromotingCanaryGetsItsStableImageBack() {
        RolloutRecord rolling = orphan("{rolling: {}}", "rolling");
        workloads.setImage("shop", null, "shop:2");
        controller.reconcile();
        new OrphanRollback(store, LATER, audit::add).rollBack(rolling, "erin", "engine gone", "cli");
        assertThat(Workloads.container(workloads.require("shop"), null).getImage()).isEqualTo("shop:1");

        controller.reconcile();
        store.updateStatus("prod", "shop", s -> s.withPhase(RolloutPhase.SUCCEEDED, "", T0, "x", "y"));
        RolloutRecord canary = orphan("{canary: {steps: [{setWeight: 50}]}}", "canary");
        workloads.setImage("shop", null, "shop:2"); // the dead engine was promoting
        new OrphanRollback(store, LATER, audit::add).rollBack(canary, "erin", "engine gone", "cli");
        assertThat(Workloads.container(workloads.require("shop"), null).getImage()).isEqualTo("shop:1");
    }

    @Test
    void aLiveOrFinishedRolloutIsNotTouched() {
        RolloutRecord record = orphan("{rolling: {}}", "rolling");
        OrphanRollback fresh = new OrphanRollback(store, Clock.fixed(T0.plusSeconds(3), ZoneOffset.UTC), audit::add);
        assertThatThrownBy(() -> fresh.rollBack(record, "erin", "x", "cli")).isInstanceOf(UsageException.class)
                .hasMessageContaining("driven by engine dead-engine");
        store.updateStatus("prod", "shop", s -> s.withPhase(RolloutPhase.SUCCEEDED, "", T0, "x", "y"));
        RolloutRecord finished = store.read("prod", "shop").orElseThrow();
        assertThatThrownBy(() -> new OrphanRollback(store, LATER, audit::add).rollBack(finished, "erin", "x", "cli"))
                .hasMessageContaining("finished (Succeeded)");
        assertThat(audit).isEmpty();
    }
}
