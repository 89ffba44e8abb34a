package io.cicdmanager.traffic;

import io.cicdmanager.UsageException;
import io.cicdmanager.kube.KubernetesFailures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The routing objects that are not built into Kubernetes (Istio's VirtualService, Gateway API's HTTPRoute), read
 * and changed through Fabric8's generic resources, and the canary Service the mesh routers send the canary's share
 * to.
 */
final class MeshResources {
    /** Marks what a router created, so that {@link #deleteCanaryService} and its kin remove only that. */
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "cicd-manager";
    static final ResourceDefinitionContext VIRTUAL_SERVICE = IstioTrafficRouter.VIRTUAL_SERVICE;
    static final ResourceDefinitionContext HTTP_ROUTE = GatewayApiTrafficRouter.HTTP_ROUTE;

    private MeshResources() {
    }

    static Resource<GenericKubernetesResource> resource(KubernetesClient client, ResourceDefinitionContext context,
            String namespace, String name) {
        return client.genericKubernetesResources(context).inNamespace(namespace).withName(name);
    }

    static GenericKubernetesResource require(KubernetesClient client, ResourceDefinitionContext context,
            String namespace, String name) {
        try {
            GenericKubernetesResource r = resource(client, context, namespace, name).get();
            if (r == null) {
                throw new UsageException(context.getKind() + " " + namespace + "/" + name + " not found ("
                        + context.getGroup() + "/" + context.getVersion() + "); the router needs it to exist");
            }
            return r;
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    static void edit(KubernetesClient client, ResourceDefinitionContext context, String namespace, String name,
            UnaryOperator<GenericKubernetesResource> change) {
        KubernetesFailures.retryOnConflict(client, () -> resource(client, context, namespace, name).edit(change));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
    }

    static int intValue(Object o) {
        return o instanceof Number n ? n.intValue() : o == null ? 0 : Integer.parseInt(o.toString());
    }

    /**
     * Makes sure {@code canaryService} exists: a copy of the stable Service whose selector also requires the
     * canary track label, so it reaches the canary's pods only.
     */
    static void ensureCanaryService(KubernetesClient client, String namespace, String stableService,
            String canaryService) {
        try {
            Service stable = client.services().inNamespace(namespace).withName(stableService).get();
            if (stable == null) {
                throw new UsageException("Service " + namespace + "/" + stableService + " not found: the router's "
                        + "stableService must exist");
            }
            if (client.services().inNamespace(namespace).withName(canaryService).get() != null) {
                return;
            }
            Map<String, String> selector = new LinkedHashMap<>(stable.getSpec().getSelector() == null ? Map.of()
                    : stable.getSpec().getSelector());
            selector.put(TrafficRouter.TRACK_LABEL, "canary");
            Service canary = new ServiceBuilder()
                    .withNewMetadata().withName(canaryService).withNamespace(namespace)
                    .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                    .addToLabels(TrafficRouter.TRACK_LABEL, "canary")
                    .endMetadata()
                    .withNewSpec().withSelector(selector).withPorts(stable.getSpec().getPorts())
                    .withType(stable.getSpec().getType()).endSpec()
                    .build();
            client.services().inNamespace(namespace).resource(canary).create();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    /** True when the object carries the label of what cicd-manager creates: a user's own objects never do. */
    static boolean createdByUs(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object != null && object.getMetadata().getLabels() != null
                && MANAGED_BY.equals(object.getMetadata().getLabels().get(MANAGED_BY_LABEL));
    }

    /** Deletes the canary Service when {@link #ensureCanaryService} created it; a user's own stays. */
    static void deleteCanaryService(KubernetesClient client, String namespace, String canaryService) {
        try {
            Service canary = client.services().inNamespace(namespace).withName(canaryService).get();
            if (createdByUs(canary)) {
                client.services().inNamespace(namespace).withName(canaryService).delete();
            }
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    /** A host names a Service when it is its short name or a qualified name that starts with it. */
    static boolean hostNames(Object host, String service) {
        if (host == null || service == null) {
            return false;
        }
        String h = host.toString();
        return h.equals(service) || h.startsWith(service + ".");
    }
}
