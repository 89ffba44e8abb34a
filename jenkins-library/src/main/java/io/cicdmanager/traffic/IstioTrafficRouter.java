package io.cicdmanager.traffic;

import io.cicdmanager.UsageException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Istio: sets the weights of the stable and canary destinations in a VirtualService's HTTP routes (the named
 * {@code routes}, or every route that has both). Destinations are told apart by subset ({@code stable},
 * {@code canary} of a DestinationRule) or, when services are given, by host.
 */
public final class IstioTrafficRouter implements TrafficRouter {
    /** Istio's VirtualService, as Fabric8's generic resources address it. */
    public static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1beta1").withKind("VirtualService")
            .withPlural("virtualservices").withNamespaced(true).build();

    private final KubernetesClient client;
    private final String namespace;
    private final String virtualService;
    private final List<String> routes;
    private final String stableSubset;
    private final String canarySubset;
    private final String stableService;
    private final String canaryService;

    public IstioTrafficRouter(KubernetesClient client, String namespace, String virtualService, List<String> routes,
            String stableSubset, String canarySubset, String stableService, String canaryService) {
        this.client = client;
        this.namespace = namespace;
        this.virtualService = virtualService;
        this.routes = List.copyOf(routes);
        this.stableSubset = stableSubset;
        this.canarySubset = canarySubset;
        this.stableService = stableService;
        this.canaryService = canaryService;
    }

    @Override
    public String type() {
        return "istio";
    }

    @Override
    public void prepare() {
        if (stableService != null) {
            MeshResources.ensureCanaryService(client, namespace, stableService, canaryService);
        }
        GenericKubernetesResource vs = MeshResources.require(client, MeshResources.VIRTUAL_SERVICE, namespace,
                virtualService);
        if (selectedRoutes(vs).isEmpty()) {
            throw new UsageException("VirtualService " + namespace + "/" + virtualService + " has no http route "
                    + (routes.isEmpty() ? "" : "named " + String.join(", ", routes) + " ") + "with both a "
                    + describe(stableSubset, stableService) + " and a " + describe(canarySubset, canaryService)
                    + " destination");
        }
    }

    private String describe(String subset, String service) {
        return service != null ? "host " + service : "subset " + subset;
    }

    @Override
    public void setWeight(int canaryWeight) {
        MeshResources.edit(client, MeshResources.VIRTUAL_SERVICE, namespace, virtualService, vs -> {
            for (Map<String, Object> http : selectedRoutes(vs)) {
                for (Object d : MeshResources.list(http.get("route"))) {
                    Map<String, Object> destination = MeshResources.map(d);
                    if (isStable(destination)) {
                        destination.put("weight", 100 - canaryWeight);
                    } else if (isCanary(destination)) {
                        destination.put("weight", canaryWeight);
                    }
                }
            }
            return vs;
        });
    }

    @Override
    public int actualWeight() {
        GenericKubernetesResource vs = MeshResources.require(client, MeshResources.VIRTUAL_SERVICE, namespace,
                virtualService);
        for (Map<String, Object> http : selectedRoutes(vs)) {
            for (Object d : MeshResources.list(http.get("route"))) {
                Map<String, Object> destination = MeshResources.map(d);
                if (isCanary(destination)) {
                    return MeshResources.intValue(destination.get("weight"));
                }
            }
        }
        return 0;
    }

    /** The VirtualService is the user's, destinations and all; only a canary Service this router made goes. */
    @Override
    public void finalizeRoutes() {
        if (stableService != null) {
            MeshResources.deleteCanaryService(client, namespace, canaryService);
        }
    }

    private List<Map<String, Object>> selectedRoutes(GenericKubernetesResource vs) {
        Map<String, Object> spec = MeshResources.map(vs.getAdditionalProperties().get("spec"));
        List<Map<String, Object>> selected = new ArrayList<>();
        for (Object o : MeshResources.list(spec.get("http"))) {
            Map<String, Object> http = MeshResources.map(o);
            if (!routes.isEmpty() && !routes.contains(String.valueOf(http.get("name")))) {
                continue;
            }
            List<Object> route = MeshResources.list(http.get("route"));
            boolean hasStable = route.stream().map(MeshResources::map).anyMatch(this::isStable);
            boolean hasCanary = route.stream().map(MeshResources::map).anyMatch(this::isCanary);
            if (hasStable && hasCanary) {
                selected.add(http);
            }
        }
        return selected;
    }

    private boolean isStable(Map<String, Object> routeDestination) {
        Map<String, Object> destination = MeshResources.map(routeDestination.get("destination"));
        return stableService != null ? MeshResources.hostNames(destination.get("host"), stableService)
                && !MeshResources.hostNames(destination.get("host"), canaryService)
                : stableSubset.equals(destination.get("subset"));
    }

    private boolean isCanary(Map<String, Object> routeDestination) {
        Map<String, Object> destination = MeshResources.map(routeDestination.get("destination"));
        return canaryService != null && stableService != null
                ? MeshResources.hostNames(destination.get("host"), canaryService)
                : canarySubset.equals(destination.get("subset"));
    }
}
