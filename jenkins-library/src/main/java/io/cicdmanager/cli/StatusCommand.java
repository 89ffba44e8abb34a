package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.Figure;
import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.kube.KubeConnection;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.Doorbell;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cicd status [NAME]}: rollouts as their records show them, once or as they change. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows rollouts: phase, step, weights, verdicts with their numbers, the engine's heartbeat.",
            "Orphaned rollouts (no engine heartbeat for 15 s) are marked; cicd rollback puts their traffic on stable."})
final class StatusCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { TABLE, JSON, YAML }

    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "One rollout, NAME or NAMESPACE/NAME (default: all).")
    String name;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the kubeconfig's).")
    String namespace;

    @Option(names = {"-A", "--all-namespaces"}, description = "Rollouts in every namespace.")
    boolean allNamespaces;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml")
    Format format;

    @Option(names = {"-w", "--watch"}, description = "Print again on every change until the rollouts finish.")
    boolean watch;

    @Mixin
    ClusterOptions options = new ClusterOptions();

    StatusCommand(CliContext context) {
        this.context = context;
    }

    /** The cluster's time, which the records' ages and heartbeats are measured against. */
    private java.time.Clock clusterClock;

    @Override
    public Integer call() throws InterruptedException {
        if (allNamespaces && name != null) {
            throw new UsageException("--all-namespaces lists rollouts; it does not go with a NAME");
        }
        String only = null;
        String inNamespace = namespace;
        if (name != null) {
            RolloutName rollout = RolloutName.parse("status", name, namespace);
            only = rollout.name();
            inNamespace = rollout.namespace();
        } else if (namespace != null) {
            RolloutName.checkNamespace(namespace);
        }
        name = only;
        try (KubernetesClient client = options.connect(context)) {
            clusterClock = KubeConnection.clusterClock(context.clock(), client);
            String ns = allNamespaces ? null : KubeConnection.namespace(client, inNamespace);
            RolloutRecordStore store = new RolloutRecordStore(client);
            if (!watch) {
                return print(store, ns) ? ExitCode.OK : ExitCode.FAILED;
            }
            Doorbell changed = new Doorbell();
            SharedIndexInformer<ConfigMap> informer = store.inform(ns, r -> changed.ring(), r -> changed.ring());
            try {
                while (true) {
                    changed.answer();
                    if (!print(store, ns)) {
                        return ExitCode.FAILED;
                    }
                    List<RolloutRecord> shown = records(store, ns);
                    if (shown.stream().allMatch(r -> r.status() == null || r.status().isTerminal())) {
                        return ExitCode.OK;
                    }
                    changed.await(context.clock().instant().plus(Duration.ofSeconds(5)), context.clock(),
                            context.sleeper(), Doorbell.DEFAULT_SLICE);
                }
            } finally {
                informer.close();
            }
        }
    }

    private List<RolloutRecord> records(RolloutRecordStore store, String ns) {
        if (name != null) {
            return store.read(ns, name).map(List::of).orElse(List.of());
        }
        return store.list(ns);
    }

    private boolean print(RolloutRecordStore store, String ns) {
        List<RolloutRecord> records = records(store, ns);
        Instant now = clusterClock.instant();
        if (name != null && records.isEmpty()) {
            context.err().println(Cicd.error("status", "no rollout " + ns + "/" + name));
            return false;
        }
        switch (format) {
            case JSON, YAML -> {
                Object doc = name != null ? view(records.get(0), now, true)
                        : records.stream().map(r -> view(r, now, false)).toList();
                context.out().println(format == Format.JSON ? ObjectMappers.json().writeValueAsString(doc)
                        : ObjectMappers.yaml().writeValueAsString(doc));
            }
            default -> {
                if (name != null) {
                    context.out().print(details(records.get(0), now));
                } else {
                    context.out().print(table(records, now));
                }
            }
        }
        context.out().flush();
        return true;
    }

    static Map<String, Object> view(RolloutRecord r, Instant now, boolean withMetrics) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", r.name());
        v.put("namespace", r.namespace());
        v.put("orphaned", r.isOrphaned(now));
        v.put("heartbeatAgeSeconds", r.heartbeatAge(now).map(Duration::toSeconds).orElse(null));
        v.put("pendingCommand", r.pendingCommand().orElse(null));
        v.put("lastAck", r.ack());
        v.put("status", r.status());
        if (withMetrics) {
            v.put("metrics", r.metrics());
        }
        return v;
    }

    static String table(List<RolloutRecord> records, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAMESPACE", "NAME", "STRATEGY", "PHASE", "STEP", "WEIGHT", "VERDICT", "HEARTBEAT", "AGE"});
        for (RolloutRecord r : records) {
            RolloutStatus s = r.status();
            if (s == null) {
                continue;
            }
            rows.add(new String[] {r.namespace(), r.name(), s.strategy(),
                s.phase().wireName() + (r.isOrphaned(now) ? " (orphaned)" : ""),
                Math.min(s.stepIndex() + 1, s.stepCount()) + "/" + s.stepCount(),
                s.setWeight() + "/" + s.actualWeight(), verdict(s),
                r.heartbeatAge(now).map(d -> d.toSeconds() + "s").orElse("-"), age(s, now)});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String verdict(RolloutStatus s) {
        List<RolloutStatus.CheckStatus> checks = s.analysis().checks();
        if (checks.isEmpty()) {
            return "-";
        }
        Optional<RolloutStatus.CheckStatus> worst = checks.stream().filter(c -> c.verdict() != Verdict.PASS).findFirst();
        return worst.map(c -> c.name() + " " + c.verdict()).orElse("PASS");
    }

    private static String age(RolloutStatus s, Instant now) {
        Duration d = Duration.between(s.startedAt(), now);
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m"
                : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }

    static String details(RolloutRecord r, Instant now) {
        RolloutStatus s = r.status();
        StringBuilder sb = new StringBuilder();
        sb.append("Name:       ").append(r.qualifiedName()).append('\n');
        sb.append("Strategy:   ").append(s.strategy()).append(" via ").append(s.router()).append('\n');
        sb.append("Phase:      ").append(s.phase()).append(r.isOrphaned(now) ? "  ORPHANED: no engine heartbeat for "
                + r.heartbeatAge(now).map(Duration::toSeconds).orElse(-1L) + " s; cicd rollback " + r.name()
                + " puts traffic on stable" : "").append('\n');
        sb.append("Message:    ").append(s.message()).append('\n');
        sb.append("Step:       ").append(Math.min(s.stepIndex() + 1, s.stepCount())).append('/').append(s.stepCount())
                .append(s.step() == null ? "" : " " + s.step()).append('\n');
        sb.append("Weight:     set ").append(s.setWeight()).append(" %, actual ").append(s.actualWeight()).append(" %\n");
        sb.append("Images:     ").append(s.stableImage()).append(" (stable), ").append(s.canaryImage())
                .append(" (canary)\n");
        sb.append("Replicas:   stable ").append(s.replicas().stableReady()).append('/').append(s.replicas().stableDesired())
                .append(", canary ").append(s.replicas().canaryReady()).append('/').append(s.replicas().canaryDesired())
                .append(" ready\n");
        if (s.trigger() != null) {
            sb.append("Trigger:    ").append(s.trigger().check()).append(": ").append(s.trigger().message()).append('\n');
        }
        r.pendingCommand().ifPresent(c -> sb.append("Pending:    ").append(c.action()).append(" by ").append(c.actor())
                .append('\n'));
        if (!s.analysis().checks().isEmpty()) {
            sb.append("Analysis (").append(s.analysis().rounds()).append(" rounds):\n");
            for (RolloutStatus.CheckStatus c : s.analysis().checks()) {
                Figure.Shown shown = c.shown();
                sb.append(String.format(Locale.ROOT, "  %-14s %-12s %-10s %-12s   pass %d fail %d inconclusive %d "
                        + "error %d%n", c.name(), c.verdict(), shown.value(), shown.rule(), c.passed(), c.failed(),
                        c.inconclusive(), c.errors()));
            }
        }
        List<RolloutStatus.Transition> transitions = s.transitions();
        if (!transitions.isEmpty()) {
            sb.append("History:\n");
            for (RolloutStatus.Transition t : transitions.subList(Math.max(0, transitions.size() - 10),
                    transitions.size())) {
                sb.append("  ").append(t.at()).append(' ').append(t.from()).append(" -> ").append(t.to()).append(" by ")
                        .append(t.actor()).append(t.reason() == null || t.reason().isEmpty() ? "" : ": " + t.reason())
                        .append('\n');
            }
        }
        return sb.toString();
    }
}
