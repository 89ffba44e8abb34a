package io.cicdmanager.kube;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Kubernetes objects as users have them, for tests. */
public final class KubeFixtures {
    private KubeFixtures() {
    }

    /** A Deployment labelled app=NAME with an app container and a sidecar. */
    public static Deployment deployment(String namespace, String name, String image, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", name)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer()
                .addNewContainer().withName("sidecar").withImage("proxy:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    /** Creates an application as rollouts find it: {@link #deployment} and a Service of the same name selecting it. */
    public static void createApplication(KubernetesClient client, String namespace, String name, String image,
            int replicas) {
        client.apps().deployments().inNamespace(namespace).resource(deployment(namespace, name, image, replicas))
                .create();
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addToSelector("app", name).endSpec().build()).create();
    }
}
