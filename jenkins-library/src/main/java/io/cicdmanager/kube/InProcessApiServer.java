package io.cicdmanager.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server in this process, on a free loopback port: Fabric8's CRUD server, which stores what it is
 * given and serves watches but runs no controllers. Behind {@code cicd simulate}, the benchmarks and the demo.
 */
public final class InProcessApiServer implements AutoCloseable {
    // java.util.logging holds loggers weakly, and the mock server logs every request at INFO and each 30 s wait of
    // its watch sends (a fault of its own, see docs/performance.md) at WARNING: only its severe errors are shown.
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public InProcessApiServer() {
        MOCK_SERVER_LOG.setLevel(Level.SEVERE);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Writes a kubeconfig that reaches the API server at {@code serverUrl}, with {@code namespace} as the default: no
     * credentials and TLS not verified, as suits a server on loopback in this process or a test's. This is how
     * commands that connect the way kubectl does ({@code --kubeconfig}, {@code KUBECONFIG}) reach it.
     */
    public static Path writeKubeconfig(Path file, String serverUrl, String namespace) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: in-process
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: in-process
                  context: {cluster: in-process, user: in-process, namespace: %s}
                current-context: in-process
                users:
                - name: in-process
                  user: {}
                """.formatted(serverUrl, namespace));
        return file;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
