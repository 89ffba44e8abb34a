package io.cicdmanager.rollout;

import java.util.List;

/**
 * How a canary's weight reaches users: {@code replicas} (default; two Deployments behind one Service),
 * {@code istio} (a VirtualService's route weights), {@code gateway-api} (an HTTPRoute's backendRef weights) or
 * {@code nginx} (a canary Ingress with the ingress-nginx canary annotations).
 */
public record RouterSpec(String type, String virtualService, List<String> routes, String stableSubset,
        String canarySubset, String stableService, String canaryService, String httpRoute, String ingress) {

    public static final List<String> TYPES = List.of("replicas", "istio", "gateway-api", "nginx");

    public RouterSpec {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    public static RouterSpec replicas() {
        return new RouterSpec("replicas", null, List.of(), null, null, null, null, null, null);
    }
}
