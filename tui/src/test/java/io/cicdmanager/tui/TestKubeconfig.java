package io.cicdmanager.tui;

import io.cicdmanager.kube.InProcessApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A kubeconfig for a test's Kubernetes API server, as the commands read it from --kubeconfig or KUBECONFIG. */
public final class TestKubeconfig {
    private TestKubeconfig() {
    }

    public static Path write(KubernetesClient client, Path dir, String namespace) {
        try {
            return InProcessApiServer.writeKubeconfig(dir.resolve("kubeconfig.yaml"), client.getMasterUrl().toString(),
                    namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
