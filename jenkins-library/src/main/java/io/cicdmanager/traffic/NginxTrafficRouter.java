package io.cicdmanager.traffic;

import io.cicdmanager.UsageException;
import io.cicdmanager.kube.KubernetesFailures;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * ingress-nginx: a second Ingress {@code <ingress>-canary}, a copy of the stable one pointing at the canary Service,
 * with {@code nginx.ingress.kubernetes.io/canary: "true"} and the weight in
 * {@code nginx.ingress.kubernetes.io/canary-weight}.
 */
public final class NginxTrafficRouter implements TrafficRouter {
    public static final String CANARY_ANNOTATION = "nginx.ingress.kubernetes.io/canary";
    public static final String WEIGHT_ANNOTATION = "nginx.ingress.kubernetes.io/canary-weight";

    private final KubernetesClient client;
    private final String namespace;
    private final String ingress;
    private final String stableService;
    private final String canaryService;

    public NginxTrafficRouter(KubernetesClient client, String namespace, String ingress, String stableService,
            String canaryService) {
        this.client = client;
        this.namespace = namespace;
        this.ingress = ingress;
        this.stableService = stableService;
        this.canaryService = canaryService;
    }

    public String canaryIngress() {
        return ingress + "-canary";
    }

    @Override
    public String type() {
        return "nginx";
    }

    @Override
    public void prepare() {
        MeshResources.ensureCanaryService(client, namespace, stableService, canaryService);
        Ingress stable = get(ingress);
        if (stable == null) {
            throw new UsageException("Ingress " + namespace + "/" + ingress + " not found: the nginx router copies it "
                    + "into a canary Ingress");
        }
        if (get(canaryIngress()) == null) {
            Ingress canary = new IngressBuilder()
                    .withNewMetadata().withName(canaryIngress()).withNamespace(namespace)
                    .addToLabels(MeshResources.MANAGED_BY_LABEL, MeshResources.MANAGED_BY)
                    .addToAnnotations(stable.getMetadata().getAnnotations() == null ? Map.of()
                            : stable.getMetadata().getAnnotations())
                    .addToAnnotations(CANARY_ANNOTATION, "true")
                    .addToAnnotations(WEIGHT_ANNOTATION, "0")
                    .endMetadata()
                    .withSpec(stable.getSpec())
                    .build();
            if (canary.getSpec().getRules() != null) {
                for (IngressRule rule : canary.getSpec().getRules()) {
                    if (rule.getHttp() == null) {
                        continue;
                    }
                    for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                        if (path.getBackend() != null && path.getBackend().getService() != null
                                && stableService.equals(path.getBackend().getService().getName())) {
                            path.getBackend().getService().setName(canaryService);
                        }
                    }
                }
            }
            try {
                client.network().v1().ingresses().inNamespace(namespace).resource(canary).create();
            } catch (KubernetesClientException e) {
                throw KubernetesFailures.translate(client, e);
            }
        }
    }

    @Override
    public void setWeight(int canaryWeight) {
        if (canaryWeight == 0 && get(canaryIngress()) == null) {
            return; // no canary Ingress sends nothing to the canary
        }
        KubernetesFailures.retryOnConflict(client,
                () -> client.network().v1().ingresses().inNamespace(namespace).withName(canaryIngress()).edit(i -> {
                    i.getMetadata().getAnnotations().put(CANARY_ANNOTATION, "true");
                    i.getMetadata().getAnnotations().put(WEIGHT_ANNOTATION, Integer.toString(canaryWeight));
                    return i;
                }));
    }

    @Override
    public int actualWeight() {
        Ingress canary = get(canaryIngress());
        if (canary == null || canary.getMetadata().getAnnotations() == null
                || !"true".equals(canary.getMetadata().getAnnotations().get(CANARY_ANNOTATION))) {
            return 0;
        }
        String weight = canary.getMetadata().getAnnotations().get(WEIGHT_ANNOTATION);
        return weight == null ? 0 : Integer.parseInt(weight.trim());
    }

    @Override
    public void finalizeRoutes() {
        Ingress canary = get(canaryIngress());
        try {
            if (MeshResources.createdByUs(canary)) {
                client.network().v1().ingresses().inNamespace(namespace).withName(canaryIngress()).delete();
            }
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
        MeshResources.deleteCanaryService(client, namespace, canaryService);
    }

    private Ingress get(String name) {
        try {
            return client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }
}
