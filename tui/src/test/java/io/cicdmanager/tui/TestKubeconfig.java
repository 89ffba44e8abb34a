package io.cicdmanager.tui;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for a test's Kubernetes API server, as the commands read it from --kubeconfig or KUBECONFIG. */
public final class TestKubeconfig {
    private TestKubeconfig() {
    }

    public static Path write(KubernetesClient client, Path dir, String namespace) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: test
                  context: {cluster: test, user: test, namespace: %s}
                current-context: test
                users:
                - name: test
                  user: {token: not-a-secret}
                """.formatted(client.getMasterUrl(), namespace);
        try {
            Path file = dir.resolve("kubeconfig.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
