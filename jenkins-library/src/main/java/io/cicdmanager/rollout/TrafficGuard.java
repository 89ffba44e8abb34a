package io.cicdmanager.rollout;

import io.cicdmanager.kube.Workloads;
import io.cicdmanager.traffic.TrafficRouter;
import java.util.Map;

/**
 * The one place a rollout moves traffic, and the guard on it (as Argo Rollouts switches a selector only to a
 * saturated ReplicaSet, however the pause before it ended): a weight, a route or a selector moves to a track only
 * when that track has the ready pods it needs at that moment; otherwise {@link TrafficRefusedException} and nothing
 * changes. Every move first runs the engine's lease check, so an engine that lost the rollout moves nothing.
 */
final class TrafficGuard {
    private final RolloutSpec spec;
    private final Workloads workloads;
    private final Runnable beforeWrite;

    TrafficGuard(RolloutSpec spec, Workloads workloads, Runnable beforeWrite) {
        this.spec = spec;
        this.workloads = workloads;
        this.beforeWrite = beforeWrite;
    }

    /** Canary pods a mesh or ingress router needs ready before it sends {@code weight} % to them. */
    static int canaryPodsFor(int weight, int stableReplicas) {
        return weight <= 0 ? 0 : Math.max(1, (int) Math.ceil(stableReplicas * weight / 100.0));
    }

    /**
     * Gives the canary {@code weight} % through {@code router}. A larger share needs, behind a mesh or an ingress,
     * the canary's pods for it ready (a replica ratio needs nothing: its Service reaches ready pods only). A smaller
     * share sends more to stable, which needs a ready stable pod, unless the canary has none either.
     */
    void setCanaryWeight(TrafficRouter router, RouterKind kind, int weight) {
        beforeWrite.run();
        int current = router.actualWeight();
        int canaryReady = ready(spec.canaryDeployment());
        if (weight > current && kind.needsCanaryPodsFirst()) {
            int needed = canaryPodsFor(weight, workloads.find(spec.deployment()).map(Workloads::replicas).orElse(1));
            if (canaryReady < needed) {
                throw new TrafficRefusedException("refused to send " + weight + " % of traffic to the canary: "
                        + canaryReady + "/" + needed + " canary pods ready");
            }
        }
        if (weight < current || weight == 0) {
            int stableReady = ready(spec.deployment());
            if (stableReady == 0 && canaryReady > 0) {
                throw new TrafficRefusedException("refused to move traffic back to stable: Deployment "
                        + spec.namespace() + "/" + spec.deployment() + " has no ready pod");
            }
        }
        router.setWeight(weight);
    }

    /**
     * Points {@code service} at what {@code selector} selects, when at least {@code needed} of those pods are ready.
     */
    void pointService(String service, Map<String, String> selector, int needed, String what) {
        beforeWrite.run();
        int ready = workloads.readyPods(selector);
        if (ready < needed || needed == 0 && ready == 0) {
            throw new TrafficRefusedException("refused to point Service " + spec.namespace() + "/" + service + " at "
                    + what + ": " + ready + "/" + Math.max(needed, 1) + " ready");
        }
        workloads.setSelector(service, selector);
    }

    /** Reconciles what the router owns, before any weight moves. */
    void prepare(TrafficRouter router) {
        beforeWrite.run();
        router.prepare();
    }

    /** Removes the router's artefacts once no traffic goes to them. */
    void finalizeRoutes(TrafficRouter router) {
        beforeWrite.run();
        router.finalizeRoutes();
    }

    private int ready(String deployment) {
        return workloads.find(deployment).map(Workloads::ready).orElse(0);
    }
}
