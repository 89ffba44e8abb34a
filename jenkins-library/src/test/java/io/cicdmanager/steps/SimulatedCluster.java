package io.cicdmanager.steps;

import io.cicdmanager.cli.EngineCli;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster a rollout step test deploys to: an application (Deployment and Service) per namespace on the
 * in-process API server, each namespace's Deployment controller writing status every second of virtual time, and
 * the kubeconfig a team would keep as a Jenkins Secret file credential.
 */
final class SimulatedCluster {
    final VirtualTime time;
    private final KubernetesClient client;
    private final Map<String, SimulatedDeploymentController> controllers = new LinkedHashMap<>();

    private SimulatedCluster(KubernetesClient client, Instant start) {
        this.client = client;
        this.time = new VirtualTime(start);
    }

    /** {@code app} running {@code image} with {@code replicas} pods in each of {@code namespaces}. */
    static SimulatedCluster start(KubernetesClient client, Instant start, String app, String image, int replicas,
            String... namespaces) {
        SimulatedCluster cluster = new SimulatedCluster(client, start);
        for (String namespace : namespaces) {
            KubeFixtures.createApplication(client, namespace, app, image, replicas);
            SimulatedDeploymentController controller = new SimulatedDeploymentController(client, namespace);
            controller.reconcile();
            cluster.time.every(Duration.ofSeconds(1), controller::reconcile);
            cluster.controllers.put(namespace, controller);
        }
        return cluster;
    }

    SimulatedDeploymentController controller(String namespace) {
        return controllers.get(namespace);
    }

    /** A kubeconfig for {@code namespace} in a new directory under {@code dir}: a Secret file credential's content. */
    Path kubeconfig(Path dir, String namespace) throws IOException {
        return EngineCli.writeKubeconfig(client, Files.createTempDirectory(dir, "kubeconfig-" + namespace), namespace);
    }
}
