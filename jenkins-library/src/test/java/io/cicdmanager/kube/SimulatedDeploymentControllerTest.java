package io.cicdmanager.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class SimulatedDeploymentControllerTest {
    KubernetesClient client;
    SimulatedDeploymentController controller;
    Workloads workloads;

    @BeforeEach
    void setUp() {
        KubeFixtures.createApplication(client, "prod", "shop", "shop:1", 4);
        controller = new SimulatedDeploymentController(client, "prod");
        workloads = new Workloads(client, "prod");
        controller.reconcile();
    }

    Deployment shop() {
        return workloads.require("shop");
    }

    long readyPodsRunning(String image) {
        return client.pods().inNamespace("prod").withLabels(Map.of("app", "shop")).list().getItems().stream()
                .filter(p -> p.getSpec().getContainers().get(0).getImage().equals(image))
                .filter(SimulatedDeploymentControllerTest::ready).count();
    }

    static boolean ready(Pod p) {
        return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()));
    }

    @Test
    void aRollingUpdateWhoseNewPodsNeverGetReadyStallsWithTheOldPodsServing() {
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.allUnready(false));
        workloads.setImage("shop", "app", "shop:2");
        controller.reconcile();
        // maxSurge and maxUnavailable default to 25 %: one pod above 4, one below, where Kubernetes stalls
        assertThat(shop().getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(shop().getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(shop().getStatus().getReplicas()).isEqualTo(5);
        assertThat(Workloads.isRolledOut(shop())).isFalse();
        assertThat(readyPodsRunning("shop:1")).isEqualTo(3);
        assertThat(readyPodsRunning("shop:2")).isZero();

        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.NONE);
        controller.reconcile();
        assertThat(Workloads.isRolledOut(shop())).isTrue();
        assertThat(readyPodsRunning("shop:2")).isEqualTo(4);
        assertThat(readyPodsRunning("shop:1")).isZero();
    }

    @Test
    void withoutRoomToBeUnavailableTheOldPodsAllStay() {
        workloads.setRollingBounds("shop", "1", "0");
        controller.reconcile();
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.allUnready(true));
        workloads.setImage("shop", "app", "shop:2");
        controller.reconcile();
        assertThat(shop().getStatus().getUpdatedReplicas()).isEqualTo(1);
        assertThat(readyPodsRunning("shop:1")).isEqualTo(4);
        Pod crashing = client.pods().inNamespace("prod").list().getItems().stream()
                .filter(p -> p.getSpec().getContainers().get(0).getImage().equals("shop:2")).findFirst().orElseThrow();
        assertThat(crashing.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                .isEqualTo("CrashLoopBackOff");
    }

    @Test
    void stablePodsThatStartCrashingStopBeingReadyWhereverTheyRun() {
        controller.setImageFaults("shop:1", SimulatedDeploymentController.PodFaults.allUnready(true));
        controller.reconcile();
        assertThat(shop().getStatus().getReadyReplicas()).isZero();
        assertThat(readyPodsRunning("shop:1")).isZero();
    }
}
