package io.cicdmanager.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import io.cicdmanager.kube.InProcessKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class TrafficRoutersTest {
    static final String NS = "prod";
    KubernetesClient client;

    static Deployment deployment(String name, int replicas, int ready) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "checkout").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "checkout").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec()
                .endTemplate().endSpec()
                .withNewStatus().withReadyReplicas(ready).withReplicas(replicas).endStatus()
                .build();
    }

    void service(String name) {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addToSelector("app", "checkout").addNewPort().withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
    }

    @Test
    void replicasKeepStableFullyScaledAndSizeTheCanaryForTheWeight() {
        client.apps().deployments().inNamespace(NS).resource(deployment("checkout", 4, 4)).create();
        client.apps().deployments().inNamespace(NS).resource(deployment("checkout-canary", 0, 0)).create();
        ReplicaRatioTrafficRouter router = new ReplicaRatioTrafficRouter(client, NS, "checkout", "checkout-canary");
        router.prepare();
        router.setWeight(50);
        assertThat(client.apps().deployments().inNamespace(NS).withName("checkout-canary").get().getSpec().getReplicas())
                .isEqualTo(4);
        assertThat(client.apps().deployments().inNamespace(NS).withName("checkout").get().getSpec().getReplicas())
                .isEqualTo(4);
        router.setWeight(0);
        assertThat(client.apps().deployments().inNamespace(NS).withName("checkout-canary").get().getSpec().getReplicas())
                .isZero();
        assertThat(ReplicaRatioTrafficRouter.canaryReplicas(5, 4)).isEqualTo(1);
        assertThat(ReplicaRatioTrafficRouter.canaryReplicas(25, 3)).isEqualTo(1);
        assertThat(ReplicaRatioTrafficRouter.canaryReplicas(100, 4)).isEqualTo(16);
        assertThat(ReplicaRatioTrafficRouter.canaryReplicas(0, 4)).isZero();
        assertThat(router.type()).isEqualTo("replicas");
    }

    @Test
    void replicasReportTheActualShareFromReadyPods() {
        client.apps().deployments().inNamespace(NS).resource(deployment("checkout", 3, 3)).create();
        ReplicaRatioTrafficRouter router = new ReplicaRatioTrafficRouter(client, NS, "checkout", "checkout-canary");
        assertThat(router.actualWeight()).isZero();
        router.setWeight(0); // no canary Deployment yet: nothing to scale, already 0 %
        client.apps().deployments().inNamespace(NS).resource(deployment("checkout-canary", 1, 1)).create();
        assertThat(router.actualWeight()).isEqualTo(25);
    }

    @Test
    void replicasNeedTheStableDeployment() {
        ReplicaRatioTrafficRouter router = new ReplicaRatioTrafficRouter(client, NS, "ghost", "ghost-canary");
        assertThatThrownBy(router::prepare).isInstanceOf(UsageException.class).hasMessageContaining("prod/ghost");
    }

    static GenericKubernetesResource virtualService(List<Map<String, Object>> http) {
        return new GenericKubernetesResourceBuilder().withApiVersion("networking.istio.io/v1beta1")
                .withKind("VirtualService").withNewMetadata().withName("checkout").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("hosts", List.of("checkout"), "http", http)).build();
    }

    static Map<String, Object> destination(String host, String subset, int weight) {
        return subset == null ? Map.of("destination", Map.of("host", host), "weight", weight)
                : Map.of("destination", Map.of("host", host, "subset", subset), "weight", weight);
    }

    @Test
    void istioSetsTheSubsetWeightsOfTheSelectedRoutes() {
        client.genericKubernetesResources(MeshResources.VIRTUAL_SERVICE).inNamespace(NS).resource(virtualService(List.of(
                Map.of("name", "primary", "route", List.of(destination("checkout", "stable", 100),
                        destination("checkout", "canary", 0))),
                Map.of("name", "admin", "route", List.of(destination("admin", null, 100)))))).create();
        IstioTrafficRouter router = new IstioTrafficRouter(client, NS, "checkout", List.of(), "stable", "canary", null, null);
        router.prepare();
        router.setWeight(25);
        assertThat(router.actualWeight()).isEqualTo(25);
        GenericKubernetesResource vs = client.genericKubernetesResources(MeshResources.VIRTUAL_SERVICE).inNamespace(NS)
                .withName("checkout").get();
        Map<String, Object> primary = MeshResources.map(MeshResources.list(MeshResources.map(
                vs.getAdditionalProperties().get("spec")).get("http")).get(0));
        assertThat(MeshResources.list(primary.get("route"))).extracting(d -> MeshResources.map(d).get("weight"))
                .containsExactly(75, 25);
        assertThat(router.type()).isEqualTo("istio");
    }

    @Test
    void istioByServiceHostsCreatesTheCanaryServiceAndRejectsRoutesWithoutBoth() {
        service("checkout");
        client.genericKubernetesResources(MeshResources.VIRTUAL_SERVICE).inNamespace(NS).resource(virtualService(List.of(
                Map.of("name", "primary", "route", List.of(destination("checkout.prod.svc.cluster.local", null, 100),
                        destination("checkout-canary", null, 0)))))).create();
        IstioTrafficRouter router = new IstioTrafficRouter(client, NS, "checkout", List.of("primary"), "stable",
                "canary", "checkout", "checkout-canary");
        router.prepare();
        assertThat(client.services().inNamespace(NS).withName("checkout-canary").get().getSpec().getSelector())
                .containsEntry("app", "checkout").containsEntry(TrafficRouter.TRACK_LABEL, "canary");
        router.setWeight(100);
        assertThat(router.actualWeight()).isEqualTo(100);

        IstioTrafficRouter wrongRoute = new IstioTrafficRouter(client, NS, "checkout", List.of("other"), "stable",
                "canary", "checkout", "checkout-canary");
        assertThatThrownBy(wrongRoute::prepare).isInstanceOf(UsageException.class).hasMessageContaining("named other");
        IstioTrafficRouter missing = new IstioTrafficRouter(client, NS, "ghost", List.of(), "stable", "canary", null, null);
        assertThatThrownBy(missing::prepare).isInstanceOf(UsageException.class)
                .hasMessageContaining("VirtualService prod/ghost not found");
    }

    @Test
    void gatewayApiWeighsTheBackendRefsAndAddsTheCanary() {
        service("checkout");
        GenericKubernetesResource route = new GenericKubernetesResourceBuilder()
                .withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
                .withNewMetadata().withName("checkout").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("rules", List.of(
                        Map.of("backendRefs", List.of(Map.of("name", "checkout", "port", 80))),
                        Map.of("backendRefs", List.of(Map.of("name", "other", "port", 80))))))
                .build();
        client.genericKubernetesResources(MeshResources.HTTP_ROUTE).inNamespace(NS).resource(route).create();
        GatewayApiTrafficRouter router = new GatewayApiTrafficRouter(client, NS, "checkout", "checkout", "checkout-canary");
        router.prepare();
        assertThat(router.actualWeight()).isZero();
        router.setWeight(10);
        assertThat(router.actualWeight()).isEqualTo(10);
        router.setWeight(0);
        assertThat(router.actualWeight()).isZero();
        GenericKubernetesResource stored = client.genericKubernetesResources(MeshResources.HTTP_ROUTE).inNamespace(NS)
                .withName("checkout").get();
        List<Object> rules = MeshResources.list(MeshResources.map(stored.getAdditionalProperties().get("spec")).get("rules"));
        assertThat(MeshResources.list(MeshResources.map(rules.get(0)).get("backendRefs"))).hasSize(2);
        assertThat(MeshResources.list(MeshResources.map(rules.get(1)).get("backendRefs"))).hasSize(1);
        assertThat(router.type()).isEqualTo("gateway-api");

        GatewayApiTrafficRouter wrong = new GatewayApiTrafficRouter(client, NS, "checkout", "other-svc", "x");
        service("other-svc");
        assertThatThrownBy(wrong::prepare).isInstanceOf(UsageException.class).hasMessageContaining("other-svc");
    }

    @Test
    void nginxCopiesTheIngressIntoAWeightedCanaryIngress() {
        service("checkout");
        Ingress stable = new IngressBuilder().withNewMetadata().withName("checkout").withNamespace(NS)
                .addToAnnotations("kubernetes.io/ingress.class", "nginx").endMetadata()
                .withNewSpec().addNewRule().withHost("shop.example").withNewHttp().addNewPath().withPath("/")
                .withPathType("Prefix").withNewBackend().withNewService().withName("checkout").withNewPort()
                .withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
        client.network().v1().ingresses().inNamespace(NS).resource(stable).create();
        NginxTrafficRouter router = new NginxTrafficRouter(client, NS, "checkout", "checkout", "checkout-canary");
        router.prepare();
        router.prepare(); // idempotent
        router.setWeight(30);
        Ingress canary = client.network().v1().ingresses().inNamespace(NS).withName("checkout-canary").get();
        assertThat(canary.getMetadata().getAnnotations())
                .containsEntry(NginxTrafficRouter.CANARY_ANNOTATION, "true")
                .containsEntry(NginxTrafficRouter.WEIGHT_ANNOTATION, "30")
                .containsEntry("kubernetes.io/ingress.class", "nginx");
        assertThat(canary.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo("checkout-canary");
        assertThat(router.actualWeight()).isEqualTo(30);
        assertThat(router.type()).isEqualTo("nginx");
        NginxTrafficRouter missing = new NginxTrafficRouter(client, NS, "ghost", "checkout", "checkout-canary");
        assertThatThrownBy(missing::prepare).isInstanceOf(UsageException.class).hasMessageContaining("Ingress prod/ghost");
        NginxTrafficRouter noService = new NginxTrafficRouter(client, NS, "checkout", "nosvc", "nosvc-canary");
        assertThatThrownBy(noService::prepare).isInstanceOf(UsageException.class).hasMessageContaining("prod/nosvc");
    }

    @Test
    void anUnreachableApiServerIsReportedAsSuch() {
        try (KubernetesClient dead = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(500).build())
                .build()) {
            ReplicaRatioTrafficRouter router = new ReplicaRatioTrafficRouter(dead, NS, "checkout", "checkout-canary");
            assertThatThrownBy(router::prepare).isInstanceOf(DependencyUnreachableException.class)
                    .hasMessageContaining("127.0.0.1:1");
            IstioTrafficRouter istio = new IstioTrafficRouter(dead, NS, "vs", List.of(), "stable", "canary", null, null);
            assertThatThrownBy(istio::actualWeight).isInstanceOf(DependencyUnreachableException.class);
        }
    }

    @Test
    void finalizeRemovesWhatTheRouterCreatedAndNothingTheUserMade() {
        service("checkout");
        client.network().v1().ingresses().inNamespace(NS).resource(new IngressBuilder().withNewMetadata()
                .withName("checkout").withNamespace(NS).endMetadata().withNewSpec().addNewRule().withHost("shop.example")
                .withNewHttp().addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService()
                .withName("checkout").withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
                .endHttp().endRule().endSpec().build()).create();
        NginxTrafficRouter nginx = new NginxTrafficRouter(client, NS, "checkout", "checkout", "checkout-canary");
        nginx.prepare();
        nginx.setWeight(30);
        nginx.setWeight(0);
        nginx.finalizeRoutes();
        assertThat(client.network().v1().ingresses().inNamespace(NS).withName("checkout-canary").get()).isNull();
        assertThat(client.services().inNamespace(NS).withName("checkout-canary").get()).isNull();
        assertThat(client.network().v1().ingresses().inNamespace(NS).withName("checkout").get()).isNotNull();
        nginx.finalizeRoutes(); // idempotent
        nginx.setWeight(0); // and nothing to weigh once gone
        assertThat(nginx.actualWeight()).isZero();

        GenericKubernetesResource route = new GenericKubernetesResourceBuilder()
                .withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
                .withNewMetadata().withName("checkout").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("rules", List.of(
                        Map.of("backendRefs", List.of(Map.of("name", "checkout", "port", 80))))))
                .build();
        client.genericKubernetesResources(MeshResources.HTTP_ROUTE).inNamespace(NS).resource(route).create();
        GatewayApiTrafficRouter gateway = new GatewayApiTrafficRouter(client, NS, "checkout", "checkout",
                "checkout-canary");
        gateway.prepare();
        gateway.setWeight(40);
        gateway.setWeight(0);
        gateway.finalizeRoutes();
        GenericKubernetesResource stored = client.genericKubernetesResources(MeshResources.HTTP_ROUTE).inNamespace(NS)
                .withName("checkout").get();
        List<Object> rules = MeshResources.list(MeshResources.map(stored.getAdditionalProperties().get("spec")).get("rules"));
        assertThat(MeshResources.list(MeshResources.map(rules.get(0)).get("backendRefs"))).singleElement()
                .satisfies(ref -> assertThat(MeshResources.map(ref).get("name")).isEqualTo("checkout"));
        assertThat(stored.getMetadata().getAnnotations()).doesNotContainKey(GatewayApiTrafficRouter.ADDED_ANNOTATION);
        assertThat(client.services().inNamespace(NS).withName("checkout-canary").get()).isNull();

        // A canary Service the user made, and a canary backendRef the user wrote, stay.
        service("checkout-canary");
        GenericKubernetesResource own = new GenericKubernetesResourceBuilder()
                .withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
                .withNewMetadata().withName("own").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("rules", List.of(Map.of("backendRefs", List.of(
                        Map.of("name", "checkout", "port", 80, "weight", 100),
                        Map.of("name", "checkout-canary", "port", 80, "weight", 0))))))
                .build();
        client.genericKubernetesResources(MeshResources.HTTP_ROUTE).inNamespace(NS).resource(own).create();
        GatewayApiTrafficRouter users = new GatewayApiTrafficRouter(client, NS, "own", "checkout", "checkout-canary");
        users.prepare();
        users.setWeight(20);
        users.setWeight(0);
        users.finalizeRoutes();
        assertThat(client.services().inNamespace(NS).withName("checkout-canary").get()).isNotNull();
        GenericKubernetesResource kept = client.genericKubernetesResources(MeshResources.HTTP_ROUTE).inNamespace(NS)
                .withName("own").get();
        List<Object> ownRules = MeshResources.list(MeshResources.map(kept.getAdditionalProperties().get("spec"))
                .get("rules"));
        assertThat(MeshResources.list(MeshResources.map(ownRules.get(0)).get("backendRefs"))).hasSize(2);
    }
}
