package io.cicdmanager.kube;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import io.cicdmanager.config.InputFiles;
import io.cicdmanager.time.ScaledClock;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamedExtension;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Connects to Kubernetes the way kubectl does: {@code --kubeconfig}, else the {@code KUBECONFIG} environment
 * variable, else the default kubeconfig or the in-cluster service account; then asks the API server once, so that
 * an unreachable cluster is said first (exit 4), naming the kubeconfig and context used and how to use another.
 */
public final class KubeConnection {
    private KubeConnection() {
    }

    /**
     * Connects with {@code kubeconfig} (the {@code --kubeconfig} option's value, null when not given), else the
     * first file of {@code KUBECONFIG} in {@code env}, else kubectl's defaults; relative paths start at
     * {@code workingDir}.
     */
    public static KubernetesClient connect(String kubeconfig, Map<String, String> env, Path workingDir) {
        String path = kubeconfig;
        String shownAs = "--kubeconfig";
        if (path == null) {
            String variable = env.get("KUBECONFIG");
            path = variable == null || variable.isEmpty() ? null : variable.split(File.pathSeparator)[0];
            shownAs = "$KUBECONFIG";
        }
        Config config;
        String source;
        if (path != null) {
            Path file = workingDir.resolve(path).normalize();
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
            source = "kubeconfig " + path + " (" + shownAs + ")";
        } else {
            config = Config.autoConfigure(null);
            source = config.getFile() != null ? "kubeconfig " + config.getFile()
                    : Files.exists(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"))
                            ? "the pod's service account" : "no kubeconfig (none at ~/.kube/config, and not in a pod)";
        }
        if (config.getCurrentContext() != null) {
            source += ", context " + config.getCurrentContext().getName();
        }
        // Fail fast when the API server is down: a rollout command must say so (exit 4), not retry for minutes.
        config.setRequestRetryBackoffLimit(2);
        config.setRequestRetryBackoffInterval(200);
        config.setConnectionTimeout(5_000);
        if (String.valueOf(config.getMasterUrl()).startsWith("http://")) {
            // Plain HTTP (the demo's API server, a kubectl proxy): HTTP/1.1. The JDK client's cleartext upgrade to
            // HTTP/2 (h2c) mixed up frames and answers on a loaded machine ("protocol error: Frame type(34)"); a
            // real API server is HTTPS and negotiates HTTP/2 when the TLS handshake offers it.
            config.setHttp2Disable(true);
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            check(client, source);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** One request before anything else: any answer (even a refusal) means the API server is there. */
    private static void check(KubernetesClient client, String source) {
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            if (KubernetesFailures.isUnreachable(e)) {
                throw new DependencyUnreachableException("cannot reach the Kubernetes API server at "
                        + client.getMasterUrl() + " (" + source + "): " + KubernetesFailures.reason(e)
                        + ". Give another kubeconfig with --kubeconfig FILE or $KUBECONFIG, or another context "
                        + "with kubectl config use-context NAME", e);
            }
        }
    }

    /**
     * The cluster's time: {@code clock}, unless the kubeconfig's context says the cluster's records are stamped by a
     * faster clock (the demo's, under {@link InProcessApiServer#CLOCK_EXTENSION}), whose time is then read so that
     * ages and heartbeats come out as the cluster sees them, not negative.
     */
    public static Clock clusterClock(Clock clock, KubernetesClient client) {
        if (clock instanceof ScaledClock) {
            return clock; // already the cluster's time (the demo's own sessions)
        }
        NamedContext current = client.getConfiguration().getCurrentContext();
        if (current == null || current.getContext() == null || current.getContext().getExtensions() == null) {
            return clock;
        }
        for (NamedExtension e : current.getContext().getExtensions()) {
            Object value = e.getExtension() instanceof AnyType any ? any.getValue() : e.getExtension();
            if (InProcessApiServer.CLOCK_EXTENSION.equals(e.getName()) && value instanceof Map<?, ?> m) {
                try {
                    return new ScaledClock(clock, Instant.parse(String.valueOf(m.get("origin"))),
                            Double.parseDouble(String.valueOf(m.get("speed"))));
                } catch (RuntimeException bad) {
                    throw new UsageException("the kubeconfig's context names a clock it cannot read ("
                            + InProcessApiServer.CLOCK_EXTENSION + ": " + m + "): " + bad.getMessage());
                }
            }
        }
        return clock;
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
