package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.InputFiles;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Connects to Kubernetes the way kubectl does: {@code --kubeconfig}, else the {@code KUBECONFIG} environment
 * variable, else the default kubeconfig or the in-cluster service account.
 */
public final class KubeConnection {
    private KubeConnection() {
    }

    public static KubernetesClient connect(CliContext context, String kubeconfig) {
        String path = kubeconfig;
        String shownAs = "--kubeconfig";
        if (path == null) {
            path = context.getenv("KUBECONFIG").map(v -> v.split(File.pathSeparator)[0]).orElse(null);
            shownAs = "KUBECONFIG";
        }
        Config config;
        if (path != null) {
            Path file = context.resolve(path);
            try {
                config = Config.fromKubeconfig(new String(InputFiles.read(file, shownAs + " " + path,
                        InputFiles.CONFIG_LIMIT), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException(shownAs + ": cannot read kubeconfig " + path + ": " + e.getMessage());
            } catch (UsageException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new UsageException(shownAs + ": " + path + " is not a kubeconfig: " + e.getMessage());
            }
        } else {
            config = Config.autoConfigure(null);
        }
        // Fail fast when the API server is down: a rollout command must say so (exit 4), not retry for minutes.
        config.setRequestRetryBackoffLimit(2);
        config.setRequestRetryBackoffInterval(200);
        config.setConnectionTimeout(5_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The namespace to use when a command is given none: the kubeconfig context's, else default. */
    public static String namespace(KubernetesClient client, String option) {
        if (option != null) {
            return option;
        }
        String ns = client.getConfiguration().getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }
}
