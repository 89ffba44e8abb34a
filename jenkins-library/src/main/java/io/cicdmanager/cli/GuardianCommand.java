package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.MetricProviderFactory;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.kube.KubeConnection;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.rollout.RolloutGuardian;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cicd guardian}: looks after rollouts whose engine died, rolling them back (or resuming them) once their
 * heartbeat has lapsed past the grace. Long-running, in the cluster or anywhere with a kubeconfig.
 */
@Command(name = "guardian", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Looks after orphaned rollouts: when a rollout's engine has not beaten for the grace (a killed "
            + "build, a lost agent), rolls the release back to stable, or with --resume resumes it from its record.",
            "Of two guardians, or a guardian and an engine that comes back, only one acts. Rollouts held on a "
                + "signal are left for a person. Runs until stopped; --once looks once and exits.",
            "Exit: 0 stopped or done; 2 bad usage; 4 Kubernetes unreachable."})
final class GuardianCommand implements Callable<Integer> {
    private final CliContext context;

    @ArgGroup(exclusive = true)
    Where where;

    static final class Where {
        @Option(names = {"-n", "--namespace"}, description = "Look after the rollouts of this namespace (default: "
                + "the kubeconfig's).")
        String namespace;
        @Option(names = {"-A", "--all-namespaces"}, description = "Look after the rollouts of every namespace.")
        boolean all;
    }

    @Option(names = "--resume", description = "Resume an orphaned rollout from its record instead of rolling it "
            + "back.")
    boolean resume;

    @Option(names = "--grace", defaultValue = "60s", description = "How long a heartbeat may have lapsed before the "
            + "guardian acts: time for a rerun of the pipeline to resume the rollout itself (default "
            + "${DEFAULT-VALUE}, at least 15s).")
    String grace;

    @Option(names = "--interval", defaultValue = "5s", description = "How often to look (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--once", description = "Look once, act on what is orphaned, wait for it, and exit.")
    boolean once;

    @Mixin
    ClusterOptions options = new ClusterOptions();

    GuardianCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration graceDuration = duration("--grace", grace);
        Duration every = duration("--interval", interval);
        if (every.isZero()) {
            throw new UsageException("--interval must be more than 0");
        }
        try (KubernetesClient client = options.connect(context)) {
            String ns = where != null && where.all ? null
                    : KubeConnection.namespace(client, where == null ? null : where.namespace);
            String identity = "guardian:" + context.getenv("HOSTNAME").orElse("local") + ":"
                    + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
            RolloutGuardian guardian = new RolloutGuardian(client, new RolloutRecordStore(client), ns, graceDuration,
                    resume, context.clock(), context.sleeper(), options.audit(context, client), identity,
                    spec -> spec.prometheus() == null ? null
                            : MetricProviderFactory.prometheus().create(spec.prometheus(), context.env()));
            context.out().println(identity + ": looking after the rollouts of " + (ns == null ? "every namespace"
                    : "namespace " + ns) + "; orphaned for more than " + graceDuration.toSeconds() + " s, they are "
                    + (resume ? "resumed" : "rolled back"));
            if (once) {
                Executor inline = Runnable::run;
                List<RolloutGuardian.Action> actions = guardian.sweep(inline, this::log);
                actions.stream().filter(a -> a.what().equals("none")).forEach(a -> log(a.rollout() + ": "
                        + a.outcome()));
                if (actions.isEmpty()) {
                    log("no rollout orphaned for longer than " + graceDuration.toSeconds() + " s");
                }
                return ExitCode.OK;
            }
            ExecutorService runners = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "guardian-rollout");
                t.setDaemon(true);
                return t;
            });
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    guardian.sweep(runners, this::log);
                    context.sleeper().sleep(every);
                }
                return ExitCode.OK;
            } finally {
                runners.shutdownNow();
            }
        }
    }

    private synchronized void log(String line) {
        Instant now = context.clock().instant();
        context.out().println(now.toString().substring(0, 19) + "Z " + line);
        context.out().flush();
    }

    private static Duration duration(String option, String text) {
        return ConfigNode.parseDuration(text.trim()).filter(d -> !d.isNegative()).orElseThrow(() -> new UsageException(
                option + ": '" + text + "' is not a duration such as 60s"));
    }
}
