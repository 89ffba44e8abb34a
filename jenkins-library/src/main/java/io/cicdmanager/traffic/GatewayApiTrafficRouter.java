package io.cicdmanager.traffic;

import io.cicdmanager.UsageException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gateway API: sets the weights of the stable and canary Services among the backendRefs of an HTTPRoute's rules
 * (every rule that sends to the stable Service; the canary backendRef is added where it is missing).
 */
public final class GatewayApiTrafficRouter implements TrafficRouter {
    /** Gateway API's HTTPRoute, as Fabric8's generic resources address it. */
    public static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute")
            .withPlural("httproutes").withNamespaced(true).build();

    private final KubernetesClient client;
    private final String namespace;
    private final String httpRoute;
    private final String stableService;
    private final String canaryService;

    public GatewayApiTrafficRouter(KubernetesClient client, String namespace, String httpRoute, String stableService,
            String canaryService) {
        this.client = client;
        this.namespace = namespace;
        this.httpRoute = httpRoute;
        this.stableService = stableService;
        this.canaryService = canaryService;
    }

    @Override
    public String type() {
        return "gateway-api";
    }

    @Override
    public void prepare() {
        MeshResources.ensureCanaryService(client, namespace, stableService, canaryService);
        GenericKubernetesResource route = MeshResources.require(client, MeshResources.HTTP_ROUTE, namespace, httpRoute);
        boolean any = rules(route).stream().anyMatch(rule -> find(rule, stableService) != null);
        if (!any) {
            throw new UsageException("HTTPRoute " + namespace + "/" + httpRoute + " has no rule with a backendRef to "
                    + "Service " + stableService);
        }
    }

    /**
     * Names, on the HTTPRoute, the canary backendRefs this router added, so that {@link #finalizeRoutes} takes out
     * those and never one the user wrote.
     */
    public static final String ADDED_ANNOTATION = "cicd-manager.io/added-backend-ref";

    @Override
    public void setWeight(int canaryWeight) {
        MeshResources.edit(client, MeshResources.HTTP_ROUTE, namespace, httpRoute, route -> {
            for (Map<String, Object> rule : rules(route)) {
                Map<String, Object> stable = find(rule, stableService);
                if (stable == null) {
                    continue;
                }
                stable.put("weight", 100 - canaryWeight);
                Map<String, Object> canary = find(rule, canaryService);
                if (canary == null) {
                    if (canaryWeight == 0) {
                        continue; // no backendRef sends nothing to the canary
                    }
                    canary = new LinkedHashMap<>(stable);
                    canary.put("name", canaryService);
                    List<Object> refs = MeshResources.list(rule.get("backendRefs"));
                    refs.add(canary);
                    Map<String, String> annotations = route.getMetadata().getAnnotations() == null
                            ? new LinkedHashMap<>() : new LinkedHashMap<>(route.getMetadata().getAnnotations());
                    annotations.put(ADDED_ANNOTATION, canaryService);
                    route.getMetadata().setAnnotations(annotations);
                }
                canary.put("weight", canaryWeight);
            }
            return route;
        });
    }

    @Override
    public void finalizeRoutes() {
        GenericKubernetesResource route = MeshResources.require(client, MeshResources.HTTP_ROUTE, namespace, httpRoute);
        Map<String, String> annotations = route.getMetadata().getAnnotations();
        if (annotations != null && canaryService.equals(annotations.get(ADDED_ANNOTATION))) {
            MeshResources.edit(client, MeshResources.HTTP_ROUTE, namespace, httpRoute, r -> {
                for (Map<String, Object> rule : rules(r)) {
                    MeshResources.list(rule.get("backendRefs")).removeIf(o -> {
                        Map<String, Object> ref = MeshResources.map(o);
                        return canaryService.equals(ref.get("name"))
                                && (ref.get("kind") == null || "Service".equals(ref.get("kind")));
                    });
                }
                Map<String, String> left = new LinkedHashMap<>(r.getMetadata().getAnnotations());
                left.remove(ADDED_ANNOTATION);
                r.getMetadata().setAnnotations(left);
                return r;
            });
        }
        MeshResources.deleteCanaryService(client, namespace, canaryService);
    }

    @Override
    public int actualWeight() {
        GenericKubernetesResource route = MeshResources.require(client, MeshResources.HTTP_ROUTE, namespace, httpRoute);
        for (Map<String, Object> rule : rules(route)) {
            Map<String, Object> stable = find(rule, stableService);
            Map<String, Object> canary = find(rule, canaryService);
            if (stable != null) {
                if (canary == null) {
                    return 0;
                }
                // Gateway API weights are relative: 1 and 3 mean 25 %.
                int s = stable.containsKey("weight") ? MeshResources.intValue(stable.get("weight")) : 1;
                int c = canary.containsKey("weight") ? MeshResources.intValue(canary.get("weight")) : 1;
                return s + c == 0 ? 0 : (int) Math.round(100.0 * c / (s + c));
            }
        }
        return 0;
    }

    private static List<Map<String, Object>> rules(GenericKubernetesResource route) {
        Map<String, Object> spec = MeshResources.map(route.getAdditionalProperties().get("spec"));
        return MeshResources.list(spec.get("rules")).stream().map(MeshResources::map).toList();
    }

    private static Map<String, Object> find(Map<String, Object> rule, String service) {
        for (Object o : MeshResources.list(rule.get("backendRefs"))) {
            Map<String, Object> ref = MeshResources.map(o);
            if (service.equals(ref.get("name")) && (ref.get("kind") == null || "Service".equals(ref.get("kind")))) {
                return ref;
            }
        }
        return null;
    }
}
