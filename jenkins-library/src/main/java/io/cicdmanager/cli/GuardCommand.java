package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.CheckParsers;
import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.analysis.MetricProviderFactory;
import io.cicdmanager.analysis.PrometheusConfig;
import io.cicdmanager.audit.Actors;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.kube.KubeConnection;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.rollout.DeploymentGuard;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cicd guard}: the classic post-deploy rollback triggers, watched for a window over a plain Deployment. */
@Command(name = "guard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Watches a freshly deployed Deployment for a window and rolls it back to its previous revision "
            + "when the post-deploy triggers fire: 5xx rate > 1 %%, P95 > 3x the pre-deploy baseline, readiness failures "
            + "> 10 %%, a critical alert firing.",
            "Exit: 0 the window passed; 1 rolled back; 2 bad usage; 3 not verified (a check never had data to judge; "
                + "nothing rolled back); 4 Kubernetes or Prometheus unreachable."})
final class GuardCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--deployment", required = true,
            description = "The Deployment to watch, and to undo to its previous revision on a breach.")
    String deployment;
    @Option(names = {"-n", "--namespace"},
            description = "Its namespace (default: the kubeconfig's).")
    String namespace;
    @Option(names = "--container",
            description = "The container whose image is watched and undone (default: the first one).")
    String container;
    @Option(names = "--window", defaultValue = "10m", description = "How long to watch (default ${DEFAULT-VALUE}).")
    String window;
    @Option(names = "--interval", defaultValue = "30s", description = "How often to look (default ${DEFAULT-VALUE}).")
    String interval;
    @Option(names = "--prometheus-url", description = "Prometheus for the error rate, P95 and alerts; without it only "
            + "pod health is watched.")
    String prometheusUrl;
    @Option(names = "--deployed-at", description = "When the deploy happened (ISO-8601; default now): the P95 "
            + "baseline is measured before it.")
    String deployedAt;
    @Option(names = "--baseline-window", defaultValue = "10m",
            description = "How long before --deployed-at the P95 baseline is measured (default ${DEFAULT-VALUE}).")
    String baselineWindow;
    @Option(names = "--max-error-rate", defaultValue = "1%",
            description = "Roll back when the 5xx rate is above this: a fraction or a percentage (default 1 percent).")
    String maxErrorRate;
    @Option(names = "--max-p95-ratio", defaultValue = "3",
            description = "Roll back when P95 is above this many times the baseline (default ${DEFAULT-VALUE}).")
    String maxP95Ratio;
    @Option(names = "--max-readiness-failures", defaultValue = "10%",
            description = "Roll back when more pods than this are not ready (default 10 percent).")
    String maxReadinessFailures;
    @Option(names = "--alert-selector", defaultValue = "severity=\"critical\"",
            description = "Roll back when an alert matching this label selector fires (default ${DEFAULT-VALUE}).")
    String alertSelector;
    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the outcome, trigger and notes as JSON.")
    String jsonFile;
    @Mixin
    ClusterOptions cluster = new ClusterOptions();
    @Mixin
    RollbackDoraOptions dora;

    GuardCommand(CliContext context) {
        this.context = context;
    }

    private static Duration duration(String option, String text) {
        return ConfigNode.parseDuration(text).filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> new UsageException(option + " '" + text + "' is not a positive duration (e.g. 30s)"));
    }

    private static double number(String option, String text) {
        try {
            return CheckParsers.threshold(ConfigReader.read("v: '" + text.replace("'", "''") + "'", option).get("v"));
        } catch (UsageException e) {
            throw new UsageException(option + " '" + text + "' is not a number or percentage");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration watchFor = duration("--window", window);
        Duration every = duration("--interval", interval);
        Duration baseline = duration("--baseline-window", baselineWindow);
        DeploymentGuard.Triggers triggers = new DeploymentGuard.Triggers(number("--max-error-rate", maxErrorRate),
                number("--max-p95-ratio", maxP95Ratio), number("--max-readiness-failures", maxReadinessFailures),
                alertSelector);
        Instant deployed;
        try {
            deployed = deployedAt == null ? context.clock().instant() : Instant.parse(deployedAt);
        } catch (DateTimeParseException e) {
            throw new UsageException("--deployed-at '" + deployedAt + "' is not an ISO-8601 instant such as "
                    + "2026-11-26T12:00:00Z");
        }
        Optional<DoraDatabase> doraStore = dora.checkedStore(context);
        MetricProvider metrics = prometheusUrl == null ? null
                : MetricProviderFactory.prometheus().create(PrometheusConfig.at(URI.create(prometheusUrl)), context.env());
        try (KubernetesClient client = cluster.connect(context)) {
            String ns = KubeConnection.namespace(client, namespace);
            AuditLog audit = cluster.file(context);
            DeploymentGuard guard = new DeploymentGuard(new Workloads(client, ns), deployment, container, metrics,
                    context.clock(), context.sleeper(), audit, Actors.current(context.env()));
            DeploymentGuard.Result result = guard.watch(watchFor, every, deployed, baseline, triggers,
                    context.out()::println);
            String target = ns + "/" + deployment;
            switch (result.outcome()) {
                case DeploymentGuard.Result.PASSED -> context.out().println("guard: " + target + " stayed healthy for "
                        + window + " (" + result.rounds() + " rounds)");
                case DeploymentGuard.Result.UNVERIFIED -> context.out().println("guard: " + target + " not verified: "
                        + result.notes().get(result.notes().size() - 1));
                case DeploymentGuard.Result.ROLLED_BACK -> context.out().println("guard: " + target + " rolled back"
                        + (result.rolledBackTo() == null ? " (no previous revision!)" : " to " + result.rolledBackTo())
                        + ": " + result.trigger().message());
                default -> context.err().println(Cicd.error("guard", target + " could not be watched: "
                        + result.trigger().message()));
            }
            writeJson(target, result);
            if (result.rolledBackTo() != null && doraStore.isPresent()) {
                dora.recordRollback(context, doraStore.get(), ns, deployment, context.clock().instant(),
                        Actors.current(context.env()));
            }
            return switch (result.outcome()) {
                case DeploymentGuard.Result.PASSED -> ExitCode.OK;
                case DeploymentGuard.Result.UNVERIFIED -> ExitCode.UNSTABLE;
                case DeploymentGuard.Result.ROLLED_BACK -> ExitCode.FAILED;
                default -> ExitCode.UNREACHABLE;
            };
        }
    }

    private void writeJson(String target, DeploymentGuard.Result result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("deployment", target);
        json.put("outcome", result.outcome());
        json.put("trigger", result.trigger() == null ? null : ResultFiles.trigger(result.trigger().check(),
                result.trigger().value(), result.trigger().threshold(), result.trigger().message()));
        json.put("rolledBackTo", result.rolledBackTo());
        json.put("rounds", result.rounds());
        json.put("notes", result.notes());
        ResultFiles.write(context, jsonFile, json);
    }
}
