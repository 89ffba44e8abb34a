package io.cicdmanager.tui.cluster;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.rollout.Rehearsal;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;

/**
 * A canary in mid-flight on a test's API server, as the engine leaves it: the stable Deployment and the canary with
 * their ReplicaSets and pods (settled by the simulated controller), and the record at step 3 of 4 with a heartbeat.
 */
final class ClusterWorld {
    static final String SPEC = """
            name: checkout
            namespace: prod
            deployment: checkout
            image: registry.example/checkout:2
            strategy:
              canary:
                steps: [{setWeight: 25}, {pause: 1m}, {setWeight: 50}, {pause: {}}]
            """;

    private ClusterWorld() {
    }

    static RolloutSpec spec() {
        return new RolloutSpecParser().parseText(SPEC, "test spec");
    }

    /** Seeds the workloads and starts the record; its heartbeat is {@code heartbeat}. */
    static void canaryAtHalf(KubernetesClient client, Instant heartbeat) {
        RolloutSpec spec = spec();
        new Rehearsal(client, spec, SimulationScenario.healthy(1, 0), heartbeat, Duration.ZERO).seed();
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, "prod");
        controller.reconcile();
        Workloads workloads = new Workloads(client, "prod");
        workloads.applyCanary(workloads.require("checkout"), spec.canaryDeployment(), null, spec.image(), 2);
        controller.setFaults(spec.canaryDeployment(), new SimulatedDeploymentController.PodFaults(1, 2, false));
        controller.reconcile();
        RolloutRecordStore store = new RolloutRecordStore(client);
        RolloutStatus pending = RolloutStatus.pending("checkout", "prod", "canary", "replicas", spec.image(),
                "registry.example/checkout:previous", 4, heartbeat.minusSeconds(120), "jenkins");
        store.start(spec.yaml(), pending);
        store.updateStatus("prod", "checkout", s -> s
                .withPhase(RolloutPhase.PROGRESSING, "step 3/4: setWeight 50", heartbeat.minusSeconds(100), "jenkins",
                        "started")
                .withStep(2, "setWeight 50", heartbeat.minusSeconds(30))
                .withWeights(50, 33, new RolloutStatus.Replicas(4, 4, 2, 1), heartbeat)
                .withHeartbeat(new RolloutStatus.Heartbeat("engine-1", heartbeat, 5)));
    }
}
