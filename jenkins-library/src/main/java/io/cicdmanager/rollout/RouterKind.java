package io.cicdmanager.rollout;

import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.traffic.GatewayApiTrafficRouter;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.cicdmanager.traffic.NginxTrafficRouter;
import io.cicdmanager.traffic.ReplicaRatioTrafficRouter;
import io.cicdmanager.traffic.TrafficRouter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The traffic routers a canary can use, in one registry: each kind reads its {@code router:} section, builds its
 * {@link TrafficRouter}, seeds what it routes through for a rehearsal, and says whether the canary's pods must be
 * ready before the weight moves (a mesh or an ingress sends its share whatever the pods; a replica ratio is the pods).
 */
public enum RouterKind {
    /** Two Deployments behind one Service: the weight is the canary's share of the ready pods. */
    REPLICAS("replicas", false) {
        @Override
        void validate(ConfigNode node) {
            onlyFor(node, this, "virtualService", "routes", "stableSubset", "canarySubset", "stableService",
                    "canaryService", "httpRoute", "ingress");
        }

        @Override
        public TrafficRouter create(RolloutSpec spec, KubernetesClient client) {
            return new ReplicaRatioTrafficRouter(client, spec.namespace(), spec.deployment(), spec.canaryDeployment());
        }

        @Override
        void rehearse(KubernetesClient client, RolloutSpec spec) {
            // the Deployment and its Service are all it needs
        }
    },
    /** An Istio VirtualService's route weights. */
    ISTIO("istio", true) {
        @Override
        void validate(ConfigNode node) {
            node.get("virtualService");
            onlyFor(node, this, "httpRoute", "ingress");
        }

        @Override
        public TrafficRouter create(RolloutSpec spec, KubernetesClient client) {
            RouterSpec r = spec.router();
            return new IstioTrafficRouter(client, spec.namespace(), r.virtualService(), r.routes(), r.stableSubset(),
                    r.canarySubset(), r.stableService(), r.canaryService());
        }

        @Override
        void rehearse(KubernetesClient client, RolloutSpec spec) {
            RouterSpec r = spec.router();
            String app = spec.deployment();
            generic(client, spec.namespace(), IstioTrafficRouter.VIRTUAL_SERVICE, r.virtualService(), Map.of(
                    "hosts", List.of(app),
                    "http", List.of(Map.of("name", r.routes().isEmpty() ? "primary" : r.routes().get(0),
                            "route", r.stableService() == null
                                    ? List.of(destination(app, r.stableSubset(), 100),
                                            destination(app, r.canarySubset(), 0))
                                    : List.of(destination(r.stableService(), null, 100),
                                            destination(r.canaryService(), null, 0))))));
        }
    },
    /** A Gateway API HTTPRoute's backendRef weights. */
    GATEWAY_API("gateway-api", true) {
        @Override
        void validate(ConfigNode node) {
            node.get("httpRoute");
            node.get("stableService");
            onlyFor(node, this, "virtualService", "routes", "stableSubset", "canarySubset", "ingress");
        }

        @Override
        public TrafficRouter create(RolloutSpec spec, KubernetesClient client) {
            RouterSpec r = spec.router();
            return new GatewayApiTrafficRouter(client, spec.namespace(), r.httpRoute(), r.stableService(),
                    r.canaryService());
        }

        @Override
        void rehearse(KubernetesClient client, RolloutSpec spec) {
            RouterSpec r = spec.router();
            generic(client, spec.namespace(), GatewayApiTrafficRouter.HTTP_ROUTE, r.httpRoute(), Map.of("rules",
                    List.of(Map.of("backendRefs", List.of(Map.of("name", r.stableService(), "port", 80))))));
        }
    },
    /** An ingress-nginx canary Ingress and its weight annotation. */
    NGINX("nginx", true) {
        @Override
        void validate(ConfigNode node) {
            node.get("ingress");
            node.get("stableService");
            onlyFor(node, this, "virtualService", "routes", "stableSubset", "canarySubset", "httpRoute");
        }

        @Override
        public TrafficRouter create(RolloutSpec spec, KubernetesClient client) {
            RouterSpec r = spec.router();
            return new NginxTrafficRouter(client, spec.namespace(), r.ingress(), r.stableService(), r.canaryService());
        }

        @Override
        void rehearse(KubernetesClient client, RolloutSpec spec) {
            RouterSpec r = spec.router();
            String ns = spec.namespace();
            if (client.network().v1().ingresses().inNamespace(ns).withName(r.ingress()).get() == null) {
                client.network().v1().ingresses().inNamespace(ns).resource(new IngressBuilder()
                        .withNewMetadata().withName(r.ingress()).withNamespace(ns).endMetadata()
                        .withNewSpec().addNewRule().withHost(spec.deployment() + ".example").withNewHttp().addNewPath()
                        .withPath("/").withPathType("Prefix").withNewBackend().withNewService()
                        .withName(r.stableService()).withNewPort().withNumber(80).endPort().endService()
                        .endBackend().endPath().endHttp().endRule().endSpec().build()).create();
            }
        }
    };

    /** The names of the {@code router:} section, each with the fields only some kinds take. */
    static final List<String> FIELDS = List.of("type", "virtualService", "routes", "stableSubset", "canarySubset",
            "stableService", "canaryService", "httpRoute", "ingress");

    private final String wireName;
    private final boolean needsCanaryPodsFirst;

    RouterKind(String wireName, boolean needsCanaryPodsFirst) {
        this.wireName = wireName;
        this.needsCanaryPodsFirst = needsCanaryPodsFirst;
    }

    /** The name in specs, flags and the record: {@code gateway-api}. */
    public String wireName() {
        return wireName;
    }

    /**
     * True when the router sends its share to the canary whether or not the canary's pods are ready, so they must be
     * ready first; false when the share is the pods themselves (a Service reaches only ready pods).
     */
    public boolean needsCanaryPodsFirst() {
        return needsCanaryPodsFirst;
    }

    public static Optional<RouterKind> of(String wireName) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(RouterKind::wireName).toList();
    }

    /** Builds the router that {@code spec}'s {@code router:} section describes. */
    public abstract TrafficRouter create(RolloutSpec spec, KubernetesClient client);

    /** Refuses fields of other kinds and requires this kind's own. */
    abstract void validate(ConfigNode node);

    /** Creates, where missing, what the router routes through, so a rehearsal finds what a cluster would have. */
    abstract void rehearse(KubernetesClient client, RolloutSpec spec);

    /** Reads a {@code router:} section. */
    static RouterSpec parse(ConfigNode node) {
        node.allowOnly(FIELDS.toArray(String[]::new));
        String type = node.string("type", REPLICAS.wireName).trim();
        RouterKind kind = of(type).orElseThrow(() -> node.get("type").error("'" + type + "' is not one of "
                + String.join(", ", wireNames())));
        kind.validate(node);
        String stableService = node.optString("stableService").map(String::trim).orElse(null);
        String canaryService = node.optString("canaryService").map(String::trim)
                .orElse(stableService == null ? null : stableService + "-canary");
        return new RouterSpec(kind, node.optString("virtualService").orElse(null), node.strings("routes"),
                node.string("stableSubset", "stable"), node.string("canarySubset", "canary"), stableService,
                canaryService, node.optString("httpRoute").orElse(null), node.optString("ingress").orElse(null));
    }

    private static void onlyFor(ConfigNode node, RouterKind kind, String... notHere) {
        for (String key : notHere) {
            if (node.has(key)) {
                throw node.get(key).error("does not apply to router type " + kind.wireName);
            }
        }
    }

    private static Map<String, Object> destination(String host, String subset, int weight) {
        return subset == null ? Map.of("destination", Map.of("host", host), "weight", weight)
                : Map.of("destination", Map.of("host", host, "subset", subset), "weight", weight);
    }

    private static void generic(KubernetesClient client, String namespace, ResourceDefinitionContext context,
            String name, Map<String, Object> body) {
        var resources = client.genericKubernetesResources(context).inNamespace(namespace);
        if (resources.withName(name).get() == null) {
            resources.resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion(context.getGroup() + "/" + context.getVersion()).withKind(context.getKind())
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .addToAdditionalProperties("spec", body).build()).create();
        }
    }

    /** A Service selecting the application's pods, for a rehearsal that lacks it. */
    static void rehearsalService(KubernetesClient client, String namespace, String name, String app) {
        if (client.services().inNamespace(namespace).withName(name).get() == null) {
            client.services().inNamespace(namespace).resource(new ServiceBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewSpec().addToSelector("app", app).addNewPort().withPort(80)
                    .withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
        }
    }
}
