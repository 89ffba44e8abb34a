package io.cicdmanager.traffic;

import io.cicdmanager.UsageException;
import io.cicdmanager.kube.KubernetesFailures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Canary weight without a mesh: two Deployments behind one Service, the share set by the canary's replica count
 * next to a stable Deployment that stays fully scaled. The weight is approximate (whole pods) and tops out at
 * {@link #MAX_WEIGHT} %: above that, promotion moves stable to the new image instead.
 */
public final class ReplicaRatioTrafficRouter implements TrafficRouter {
    /** With stable fully scaled, the canary may have at most four times its pods. */
    public static final int MAX_WEIGHT = 80;

    private final KubernetesClient client;
    private final String namespace;
    private final String stableDeployment;
    private final String canaryDeployment;

    public ReplicaRatioTrafficRouter(KubernetesClient client, String namespace, String stableDeployment,
            String canaryDeployment) {
        this.client = client;
        this.namespace = namespace;
        this.stableDeployment = stableDeployment;
        this.canaryDeployment = canaryDeployment;
    }

    @Override
    public String type() {
        return "replicas";
    }

    @Override
    public void prepare() {
        stable();
    }

    /** Canary pods for {@code weight} % next to {@code stable} pods: ⌈w·N / (100 − w)⌉, 0 at weight 0. */
    public static int canaryReplicas(int weight, int stable) {
        if (weight <= 0 || stable <= 0) {
            return 0;
        }
        int w = Math.min(weight, MAX_WEIGHT);
        return (int) Math.ceil(w * (double) stable / (100 - w));
    }

    @Override
    public void setWeight(int canaryWeight) {
        int stable = replicas(stable());
        int canary = canaryReplicas(canaryWeight, stable);
        try {
            KubernetesFailures.retryOnConflict(client,
                    () -> client.apps().deployments().inNamespace(namespace).withName(canaryDeployment).scale(canary));
        } catch (KubernetesClientException e) {
            if (e.getCode() == KubernetesFailures.NOT_FOUND && canary == 0) {
                return; // no canary at all is 0 % already
            }
            throw e;
        }
    }

    @Override
    public int actualWeight() {
        Deployment canary = get(canaryDeployment);
        if (canary == null) {
            return 0;
        }
        int canaryReady = ready(canary);
        int stableReady = ready(stable());
        int total = canaryReady + stableReady;
        return total == 0 ? 0 : (int) Math.round(100.0 * canaryReady / total);
    }

    /** Nothing to remove: the canary Deployment is the strategy's, scaled to 0, not a routing object. */
    @Override
    public void finalizeRoutes() {
    }

    private Deployment stable() {
        Deployment d = get(stableDeployment);
        if (d == null) {
            throw new UsageException("Deployment " + namespace + "/" + stableDeployment + " not found: the rollout's "
                    + "deployment must exist and serve the stable version");
        }
        return d;
    }

    private Deployment get(String name) {
        try {
            return client.apps().deployments().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    static int ready(Deployment d) {
        Integer r = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        return r == null ? 0 : r;
    }
}
