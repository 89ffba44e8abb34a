package io.cicdmanager.rollout;

import java.util.List;

/**
 * How a canary's weight reaches users: which {@link RouterKind} ({@code replicas}, the default; {@code istio};
 * {@code gateway-api}; {@code nginx}) and the objects it routes through.
 */
public record RouterSpec(RouterKind kind, String virtualService, List<String> routes, String stableSubset,
        String canarySubset, String stableService, String canaryService, String httpRoute, String ingress) {

    public RouterSpec {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** The kind's name as specs and the record write it. */
    public String type() {
        return kind.wireName();
    }

    public static RouterSpec replicas() {
        return new RouterSpec(RouterKind.REPLICAS, null, List.of(), null, null, null, null, null, null);
    }
}
