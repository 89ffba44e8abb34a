package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a cluster, commands say so first and plainly: which kubeconfig and context, and how to use another. */
class KubeConnectionTest {
    @TempDir
    Path dir;

    private void kubeconfig(String name, String server) throws IOException {
        Files.writeString(dir.resolve(name), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "%s"}
                contexts:
                - name: prod-admin
                  context: {cluster: c, user: u, namespace: prod}
                current-context: prod-admin
                users:
                - name: u
                  user: {}
                """.formatted(server));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void canaryWithoutAClusterBlamesKubernetesBeforePrometheusAndNamesTheKubeconfigAndContext() throws Exception {
        kubeconfig("kc", "https://127.0.0.1:" + freePort());
        Files.writeString(dir.resolve("spec.yaml"), """
                name: shop
                namespace: prod
                deployment: shop
                image: shop:2
                prometheus: {url: "http://127.0.0.1:%d"}
                strategy:
                  canary:
                    steps: [{setWeight: 20}]
                """.formatted(freePort()));
        CliRun run = CliRun.run(dir, java.util.Map.of("KUBECONFIG", "kc"), "canary", "--spec", "spec.yaml");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).startsWith("cicd canary: cannot reach the Kubernetes API server at https://127.0.0.1:")
                .contains("(kubeconfig kc ($KUBECONFIG), context prod-admin)")
                .contains("the connection was refused")
                .contains("--kubeconfig FILE or $KUBECONFIG", "kubectl config use-context NAME")
                .doesNotContain("rometheus").doesNotContain("Exception");
    }

    @Test
    void anUnresolvableHostSaysSoInWordsNotJavaExceptionNames() throws Exception {
        kubeconfig("kc", "https://no-such-host.invalid:6443");
        CliRun run = CliRun.run(dir, "status", "--kubeconfig", "kc");
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).isEqualTo("cicd status: cannot reach the Kubernetes API server at "
                + "https://no-such-host.invalid:6443/ (kubeconfig kc (--kubeconfig), context prod-admin): its host name "
                + "does not resolve. Give another kubeconfig with --kubeconfig FILE or $KUBECONFIG, or another context "
                + "with kubectl config use-context NAME\n");
    }
}
