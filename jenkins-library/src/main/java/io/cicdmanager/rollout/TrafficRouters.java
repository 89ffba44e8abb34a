package io.cicdmanager.rollout;

import io.cicdmanager.traffic.GatewayApiTrafficRouter;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.cicdmanager.traffic.NginxTrafficRouter;
import io.cicdmanager.traffic.ReplicaRatioTrafficRouter;
import io.cicdmanager.traffic.TrafficRouter;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Builds the traffic router a spec names; a seam so tests can count or fail router calls. */
@FunctionalInterface
public interface TrafficRouters {
    TrafficRouter create(RolloutSpec spec, KubernetesClient client);

    static TrafficRouters standard() {
        return (spec, client) -> {
            RouterSpec r = spec.router();
            return switch (r.type()) {
                case "istio" -> new IstioTrafficRouter(client, spec.namespace(), r.virtualService(), r.routes(),
                        r.stableSubset(), r.canarySubset(), r.stableService(), r.canaryService());
                case "gateway-api" -> new GatewayApiTrafficRouter(client, spec.namespace(), r.httpRoute(),
                        r.stableService(), r.canaryService());
                case "nginx" -> new NginxTrafficRouter(client, spec.namespace(), r.ingress(), r.stableService(),
                        r.canaryService());
                default -> new ReplicaRatioTrafficRouter(client, spec.namespace(), spec.deployment(),
                        spec.canaryDeployment());
            };
        };
    }
}
