package io.cicdmanager.cli;

import io.cicdmanager.rollout.AbortLatencyBench;
import io.cicdmanager.kube.InProcessApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cicd bench abort}: abort written → traffic 100 % on stable, p50 and p99 over many aborts. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Measures abort latency: from an abort written to a rollout's record to 100 %% of traffic on "
            + "stable (an Istio canary held at 50 %%), with the real engine against an API server on loopback."})
final class BenchAbortCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--runs", defaultValue = "100", description = "Aborts to measure (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    String jsonFile;

    BenchAbortCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new io.cicdmanager.UsageException("--runs must be at least 1");
        }
        try (InProcessApiServer server = new InProcessApiServer()) {
            KubernetesClient client = server.client();
            context.out().println("abort latency: " + runs + " aborts of an Istio canary at 50 %, API server on "
                    + "loopback");
            AbortLatencyBench.Result result = new AbortLatencyBench(client, context.clock(), context.sleeper()).run(runs, context.out()::println);
            context.out().printf(Locale.ROOT, "abort -> 100 %% on stable: p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                    + "mean %.1f ms over %d aborts (target p99 <= 1000 ms)%n", result.percentile(50),
                    result.percentile(99), result.percentile(100), result.mean(), runs);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("runs", runs);
            json.put("p50Millis", result.percentile(50));
            json.put("p99Millis", result.percentile(99));
            json.put("maxMillis", result.percentile(100));
            json.put("meanMillis", result.mean());
            ResultFiles.write(context, jsonFile, json);
            return ExitCode.OK;
        }
    }
}
