package io.cicdmanager.cli;

import io.cicdmanager.kube.InProcessApiServer;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code cicd} in-process against a test's Kubernetes API server: writes a kubeconfig for it, and gives the
 * command virtual time with a simulated Deployment controller ticking in it.
 */
public final class EngineCli {
    private final KubernetesClient client;
    private final Path dir;
    private final VirtualTime time;
    private final Path kubeconfig;

    public EngineCli(KubernetesClient client, Path dir, String namespace) {
        this.client = client;
        this.dir = dir;
        this.time = new VirtualTime(CliRun.NOW);
        this.kubeconfig = writeKubeconfig(client, dir, namespace);
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, namespace);
        controller.reconcile();
        time.every(Duration.ofSeconds(1), controller::reconcile);
    }

    public VirtualTime time() {
        return time;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A kubeconfig that points at {@code client}'s API server, with {@code namespace} as the default. */
    public static Path writeKubeconfig(KubernetesClient client, Path dir, String namespace) {
        try {
            return InProcessApiServer.writeKubeconfig(dir.resolve("kubeconfig.yaml"), client.getMasterUrl().toString(),
                    namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CliRun run(String... args) {
        return run(Map.of(), args);
    }

    public CliRun run(Map<String, String> env, String... args) {
        return run(env, time.clock(), time, args);
    }

    /** Runs with the given time; the kubeconfig comes through KUBECONFIG, as on an agent. */
    public CliRun run(Map<String, String> env, Clock clock, Sleeper sleeper, String... args) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putIfAbsent("KUBECONFIG", kubeconfig.toString());
        all.putIfAbsent("USER", "tester");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(dir, all, new PrintWriter(out, true), new PrintWriter(err, true), clock,
                sleeper);
        int code = Cicd.execute(context, List.of(), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public KubernetesClient client() {
        return client;
    }
}
