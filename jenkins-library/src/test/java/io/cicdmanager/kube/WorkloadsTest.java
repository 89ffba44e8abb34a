package io.cicdmanager.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.PodHealth;
import io.cicdmanager.analysis.Track;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class WorkloadsTest {
    static final String NS = "prod";
    KubernetesClient client;
    Workloads workloads;
    SimulatedDeploymentController controller;

    static Deployment deployment(String name, String image, int replicas) {
        return KubeFixtures.deployment(NS, name, image, replicas);
    }

    @BeforeEach
    void setUp() {
        workloads = new Workloads(client, NS);
        controller = new SimulatedDeploymentController(client, NS);
        client.apps().deployments().inNamespace(NS).resource(deployment("checkout", "shop:1", 3)).create();
        controller.reconcile();
    }

    @Test
    void theSimulatedControllerSettlesReplicaSetsPodsAndStatus() {
        Deployment d = workloads.require("checkout");
        assertThat(Workloads.isRolledOut(d)).isTrue();
        assertThat(Workloads.ready(d)).isEqualTo(3);
        assertThat(workloads.replicaSets(d)).hasSize(1);
        assertThat(client.pods().inNamespace(NS).withLabel("app", "checkout").list().getItems()).hasSize(3);
        assertThat(workloads.currentPodTemplateHash("checkout")).get().asString().hasSize(10);

        workloads.setImage("checkout", "app", "shop:2");
        assertThat(Workloads.isRolledOut(workloads.require("checkout"))).as("before the controller acted")
                .isEqualTo(workloads.require("checkout").getMetadata().getGeneration() == null
                        && Workloads.isRolledOut(workloads.require("checkout")));
        controller.reconcile();
        Deployment updated = workloads.require("checkout");
        assertThat(Workloads.container(updated, "app").getImage()).isEqualTo("shop:2");
        assertThat(workloads.replicaSets(updated)).hasSize(2).first().extracting(Workloads::revision).isEqualTo(2L);
        assertThat(client.pods().inNamespace(NS).withLabel("app", "checkout").list().getItems()).hasSize(3)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("shop:2"));
    }

    @Test
    void undoPutsThePreviousRevisionBack() {
        assertThat(workloads.undo("checkout", null)).isEmpty();
        workloads.setImage("checkout", null, "shop:2");
        controller.reconcile();
        assertThat(workloads.undo("checkout", "app")).contains("shop:1");
        controller.reconcile();
        Deployment d = workloads.require("checkout");
        assertThat(Workloads.container(d, "app").getImage()).isEqualTo("shop:1");
        assertThat(workloads.replicaSets(d).get(0).getMetadata().getAnnotations())
                .containsEntry(Workloads.REVISION_ANNOTATION, "3");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey(Workloads.POD_TEMPLATE_HASH);
    }

    @Test
    void theCanaryIsACopyWithTheNewImageAndTheCanaryLabel() {
        Deployment stable = workloads.require("checkout");
        workloads.applyCanary(stable, "checkout-canary", "app", "shop:2", 1);
        controller.reconcile();
        Deployment canary = workloads.require("checkout-canary");
        assertThat(canary.getSpec().getSelector().getMatchLabels()).containsEntry(Workloads.TRACK_LABEL, "canary");
        assertThat(Workloads.container(canary, "app").getImage()).isEqualTo("shop:2");
        assertThat(Workloads.container(canary, "sidecar").getImage()).isEqualTo("proxy:1");
        assertThat(Workloads.ready(canary)).isEqualTo(1);
        workloads.applyCanary(stable, "checkout-canary", "app", "shop:3", 2);
        assertThat(Workloads.container(workloads.require("checkout-canary"), "app").getImage()).isEqualTo("shop:3");

        KubernetesPodHealth health = new KubernetesPodHealth(client, NS, Map.of("app", "checkout"));
        controller.reconcile();
        assertThat(health.health(Track.CANARY)).contains(new PodHealth(2, 2, 0, 0));
        assertThat(health.health(Track.STABLE)).contains(new PodHealth(3, 3, 0, 0));
        controller.setFaults("checkout-canary", new SimulatedDeploymentController.PodFaults(1, 4, true));
        controller.reconcile();
        assertThat(health.health(Track.CANARY)).contains(new PodHealth(2, 1, 16, 1)); // 2 pods x 2 containers x 4 restarts
        workloads.scale("checkout-canary", 0);
        controller.reconcile();
        assertThat(health.health(Track.CANARY)).isEmpty();
    }

    @Test
    void errorsNameTheMissingObject() {
        assertThatThrownBy(() -> workloads.require("ghost")).isInstanceOf(UsageException.class)
                .hasMessageContaining("prod/ghost");
        assertThatThrownBy(() -> Workloads.container(workloads.require("checkout"), "nope"))
                .isInstanceOf(UsageException.class).hasMessageContaining("app, sidecar");
        assertThatThrownBy(() -> workloads.requireService("ghost")).isInstanceOf(UsageException.class);
        workloads.scale("ghost", 0); // nothing to scale is not an error
    }

    @Test
    void rollingBoundsAreApplied() {
        workloads.setRollingBounds("checkout", "50%", "0");
        Deployment d = workloads.require("checkout");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("50%");
        workloads.setRollingBounds("checkout", null, null);
    }
}
