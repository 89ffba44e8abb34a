package io.cicdmanager.traffic;

/**
 * Sets the canary's share of traffic. Implementations: replica ratio (no mesh), Istio VirtualService weights,
 * Gateway API HTTPRoute weights, ingress-nginx canary annotations. The life of one follows Flagger's routers:
 * {@link #prepare} (reconcile what it owns), {@link #setWeight} and {@link #actualWeight} (set and get the routes),
 * {@link #finalizeRoutes} (remove what it created) once all traffic is back on one Deployment.
 */
public interface TrafficRouter {
    /** Label that marks the engine's canary pods and canary Services: {@code cicd-manager.io/track: canary}. */
    String TRACK_LABEL = "cicd-manager.io/track";

    /** The router's type as specs name it. */
    String type();

    /**
     * Checks that the objects it routes through exist, and creates the ones it owns (a canary Service, a canary
     * Ingress), before any weight changes; a missing object is a {@link io.cicdmanager.UsageException} naming it.
     */
    void prepare();

    /** Sends {@code canaryWeight} percent (0..100) of traffic to the canary, the rest to stable. */
    void setWeight(int canaryWeight);

    /** The canary's share as the cluster has it now, 0..100. */
    int actualWeight();

    /**
     * Removes what {@link #prepare} and {@link #setWeight} created (a canary Service, a canary Ingress, a backendRef
     * added to a route), and only that: objects a user made stay. Called with the weight at 0, after a promotion
     * or a rollback; idempotent, and a next rollout's {@link #prepare} makes them again. (Not named
     * {@code finalize}: that is {@link Object}'s, which the garbage collector calls.)
     */
    void finalizeRoutes();
}
