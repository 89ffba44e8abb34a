package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.RolloutTakenOverException;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.Sleeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Looks after rollouts whose engine died (a killed build, a lost agent): when a record's heartbeat has lapsed past
 * the grace, it rolls the release back to stable or, with {@code resume}, resumes it from the record, with the
 * same engine and the same one way back as everywhere else. Of two guardians, or a guardian and an engine that
 * comes back, only one acts: taking a rollout over is one write guarded by the record's resourceVersion, and an
 * engine whose record names another owner stops. A rollout held on a signal ({@code onInterrupt: hold}) is left
 * for a person. A team that never runs it is no worse off than without it.
 */
public final class RolloutGuardian {
    /** The least grace: a heartbeat younger than this is not stale at all. */
    public static final Duration MIN_GRACE = RolloutRecord.STALE_AFTER;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final RolloutRecordStore store;
    private final String namespace;
    private final Duration grace;
    private final boolean resume;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AuditLog audit;
    private final String identity;
    private final Function<RolloutSpec, MetricProvider> metrics;
    private final Set<String> acting = ConcurrentHashMap.newKeySet();
    private Duration slice = io.cicdmanager.time.Doorbell.DEFAULT_SLICE;

    /** What one sweep did about one rollout. */
    public record Action(String rollout, String what, String outcome) {
    }

    /**
     * @param namespace where to look; null for every namespace the client may list
     * @param identity  this guardian's name in records and the audit trail, unique per process
     * @param metrics   the metrics provider a resumed rollout's spec needs (null when it has no prometheus section)
     */
    public RolloutGuardian(KubernetesClient client, RolloutRecordStore store, String namespace, Duration grace,
            boolean resume, Clock clock, Sleeper sleeper, AuditLog audit, String identity,
            Function<RolloutSpec, MetricProvider> metrics) {
        if (grace.compareTo(MIN_GRACE) < 0) {
            throw new UsageException("--grace must be at least " + Durations.format(MIN_GRACE)
                    + ": a younger heartbeat is not stale");
        }
        this.client = client;
        this.store = store;
        this.namespace = namespace;
        this.grace = grace;
        this.resume = resume;
        this.clock = clock;
        this.sleeper = sleeper;
        this.audit = audit;
        this.identity = identity;
        this.metrics = metrics;
    }

    /** How often the engines it runs look at their doorbell (see {@link EngineContext#withSlice}). */
    RolloutGuardian withSlice(Duration engineSlice) {
        this.slice = engineSlice;
        return this;
    }

    /**
     * One look at every record: each rollout whose heartbeat lapsed past the grace is rolled back or resumed on
     * {@code runner} (a resumed rollout runs to its end there). Records this guardian is already acting on are left.
     */
    public List<Action> sweep(Executor runner, Consumer<String> log) {
        List<Action> actions = new ArrayList<>();
        Instant now = clock.instant();
        for (RolloutRecord record : store.list(namespace)) {
            RolloutStatus s = record.status();
            if (s == null || s.isTerminal() || acting.contains(record.qualifiedName())) {
                continue;
            }
            Duration age = s.heartbeat() == null || s.heartbeat().at() == null ? Duration.ofDays(365)
                    : Duration.between(s.heartbeat().at(), now);
            if (age.compareTo(grace) <= 0) {
                continue;
            }
            if (held(s)) {
                actions.add(new Action(record.qualifiedName(), "none", "held on a signal; left for a person"));
                continue;
            }
            String dead = s.heartbeat() == null ? "no engine" : "engine " + s.heartbeat().engine();
            String reason = dead + " stopped beating " + age.toSeconds() + " s ago (grace "
                    + Durations.format(grace) + ")";
            String what = resume ? "resume" : "rollback";
            acting.add(record.qualifiedName());
            actions.add(new Action(record.qualifiedName(), what, "started: " + reason));
            log.accept(record.qualifiedName() + ": " + reason + "; " + (resume ? "resuming it" : "rolling it back"));
            runner.execute(() -> {
                try {
                    log.accept(record.qualifiedName() + ": " + act(record, reason, age));
                } catch (RuntimeException | InterruptedException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    log.accept(record.qualifiedName() + ": " + what + " stopped: " + e.getMessage());
                } finally {
                    acting.remove(record.qualifiedName());
                }
            });
        }
        return actions;
    }

    /** A rollout its engine was told to hold on a signal: paused, the signal its trigger. */
    static boolean held(RolloutStatus s) {
        return s.phase() == RolloutPhase.PAUSED && s.trigger() != null && "signal".equals(s.trigger().check());
    }

    private String act(RolloutRecord record, String reason, Duration age) throws InterruptedException {
        EngineContext ctx = context(record);
        try {
            if (!resume) {
                RolloutStatus.Trigger trigger = new RolloutStatus.Trigger("heartbeat", (double) age.toSeconds(),
                        (double) grace.toSeconds(), reason);
                RolloutRecord after = RolloutEngine.rollBackOrphan(record, ctx, identity, "guardian: " + reason,
                        trigger);
                return "rolled back: " + after.status().phase();
            }
            RolloutSpec spec = new RolloutSpecParser().parseText(record.specYaml(), record.qualifiedName()
                    + " spec.yaml");
            RolloutResult result = new RolloutEngine(spec, ctx.withMetrics(metrics.apply(spec))).run();
            return "resumed to the end: " + result.phase();
        } catch (RolloutTakenOverException | UsageException e) {
            return "left alone: " + e.getMessage();
        }
    }

    private EngineContext context(RolloutRecord record) {
        return EngineContext.of(client, null, clock, sleeper, identity, identity + "/" + record.name())
                .withStore(store).withAudit(audit).withSource("guardian").withSlice(slice);
    }
}
