package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guard sits in the traffic move itself: whoever calls it, a move onto pods that cannot serve does not happen. */
@InProcessKubernetes
class TrafficGuardTest {
    static final String SPEC = """
            name: shop
            namespace: prod
            deployment: shop
            image: shop:2
            strategy:
              canary:
                steps: [{setWeight: 50}]
            router: {type: istio, virtualService: shop}
            """;

    KubernetesClient client;
    SimulatedDeploymentController controller;
    Workloads workloads;
    RolloutSpec spec;
    TrafficGuard guard;
    final AtomicInteger leaseChecks = new AtomicInteger();

    @BeforeEach
    void setUp() {
        KubeFixtures.createApplication(client, "prod", "shop", "shop:1", 4);
        spec = new RolloutSpecParser().parseText(SPEC, "spec.yaml");
        new Rehearsal(client, spec, SimulationScenario.healthy(1, 100), Instant.EPOCH, Duration.ofHours(1)).seed();
        controller = new SimulatedDeploymentController(client, "prod");
        workloads = new Workloads(client, "prod");
        workloads.applyCanary(workloads.require("shop"), "shop-canary", "app", "shop:2", 2);
        controller.reconcile();
        guard = new TrafficGuard(spec, workloads, leaseChecks::incrementAndGet);
    }

    IstioTrafficRouter istio() {
        return new IstioTrafficRouter(client, "prod", "shop", List.of(), "stable", "canary", null, null);
    }

    @Test
    void aWeightOntoCanaryPodsThatAreNotReadyIsRefusedAndNothingMoves() {
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.allUnready(false));
        controller.reconcile();
        assertThatThrownBy(() -> guard.setCanaryWeight(istio(), RouterKind.ISTIO, 50))
                .isInstanceOf(TrafficRefusedException.class).hasMessageContaining("0/2 canary pods ready");
        assertThat(istio().actualWeight()).isZero();
        assertThat(leaseChecks).hasValue(1);

        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.NONE);
        controller.reconcile();
        guard.setCanaryWeight(istio(), RouterKind.ISTIO, 50);
        assertThat(istio().actualWeight()).isEqualTo(50);
        // 75 % needs three of four stable-sized pods: two are not enough
        assertThatThrownBy(() -> guard.setCanaryWeight(istio(), RouterKind.ISTIO, 75))
                .hasMessageContaining("2/3 canary pods ready");
    }

    @Test
    void trafficGoesBackToStableOnlyWhenStableHasAReadyPodUnlessTheCanaryHasNoneEither() {
        guard.setCanaryWeight(istio(), RouterKind.ISTIO, 50);
        controller.setImageFaults("shop:1", SimulatedDeploymentController.PodFaults.allUnready(true));
        controller.reconcile();
        assertThatThrownBy(() -> guard.setCanaryWeight(istio(), RouterKind.ISTIO, 0))
                .isInstanceOf(TrafficRefusedException.class).hasMessageContaining("prod/shop has no ready pod");
        assertThat(istio().actualWeight()).isEqualTo(50);
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.allUnready(true));
        controller.reconcile();
        guard.setCanaryWeight(istio(), RouterKind.ISTIO, 0);
        assertThat(istio().actualWeight()).isZero();
    }

    @Test
    void aSelectorMovesOnlyToAsManyReadyPodsAsItNeeds() {
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.allUnready(false));
        controller.reconcile();
        Map<String, String> canaryPods = Map.of("app", "shop", Workloads.TRACK_LABEL, "canary");
        assertThatThrownBy(() -> guard.pointService("shop", canaryPods, 2, "the preview pods"))
                .isInstanceOf(TrafficRefusedException.class).hasMessageContaining("0/2 ready");
        assertThat(client.services().inNamespace("prod").withName("shop").get().getSpec().getSelector())
                .isEqualTo(Map.of("app", "shop"));
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.NONE);
        controller.reconcile();
        guard.pointService("shop", canaryPods, 2, "the preview pods");
        assertThat(client.services().inNamespace("prod").withName("shop").get().getSpec().getSelector())
                .isEqualTo(canaryPods);
    }
}
