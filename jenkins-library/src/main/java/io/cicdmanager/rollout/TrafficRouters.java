package io.cicdmanager.rollout;

import io.cicdmanager.traffic.TrafficRouter;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Builds the traffic router a spec names; a seam so tests can count or fail router calls. */
@FunctionalInterface
public interface TrafficRouters {
    TrafficRouter create(RolloutSpec spec, KubernetesClient client);

    /** The routers of {@link RouterKind}, as the spec's {@code router.type} says. */
    static TrafficRouters standard() {
        return (spec, client) -> spec.router().kind().create(spec, client);
    }
}
