package io.cicdmanager.tui.cluster;

import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.MetricHistory;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.RolloutSnapshot.AnalysisCounts;
import io.cicdmanager.tui.model.RolloutSnapshot.AuditLine;
import io.cicdmanager.tui.model.RolloutSnapshot.CheckValue;
import io.cicdmanager.tui.model.RolloutSnapshot.MetricSeries;
import io.cicdmanager.tui.model.RolloutSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a rollout record (and what the cluster says about its pods and events) into what the screens show. */
public final class RolloutSnapshots {
    private RolloutSnapshots() {
    }

    /** The snapshot of {@code record} at {@code now}, which decides whether its engine's heartbeat is stale. */
    public static RolloutSnapshot from(RolloutRecord record, Instant now, RolloutDetail detail) {
        RolloutSnapshot.Builder b = RolloutSnapshot.builder(new RolloutKey(record.namespace(), record.name()))
                .revisions(detail.revisions()).events(detail.events())
                .command(command(record));
        RolloutStatus s = record.status();
        if (s == null) {
            return b.phase(RolloutPhase.PENDING, "no status yet: the engine is starting").build();
        }
        RolloutStatus.Replicas replicas = s.replicas();
        RolloutStatus.Heartbeat beat = s.heartbeat();
        b.strategy(s.strategy())
                .phase(s.phase(), s.message())
                .step(Math.min(s.stepIndex() + 1, s.stepCount()), s.stepCount())
                .weights(s.setWeight(), s.actualWeight())
                .startedAt(s.startedAt())
                .heartbeat(beat == null ? null : beat.at(), record.isOrphaned(now))
                .images(s.stableImage(), s.canaryImage())
                .replicas(replicas.stableDesired() + replicas.canaryDesired(),
                        replicas.stableReady() + replicas.canaryReady())
                .series(series(record.metrics()));
        List<CheckValue> checks = new ArrayList<>();
        int pass = 0;
        int fail = 0;
        int inconclusive = 0;
        for (RolloutStatus.CheckStatus c : s.analysis().checks()) {
            checks.add(new CheckValue(c.name(), c.figure(), c.verdict()));
            pass += c.passed();
            fail += c.failed();
            inconclusive += c.inconclusive() + c.errors();
        }
        b.checks(checks).analysis(new AnalysisCounts(pass, fail, inconclusive)).verdict(latest(checks));
        List<AuditLine> audit = new ArrayList<>(detail.audit());
        if (audit.isEmpty()) {
            // Without events to read (none yet, or not allowed to list them), the record's own history tells who
            // moved the rollout between phases and why.
            for (RolloutStatus.Transition t : s.transitions()) {
                audit.add(new AuditLine(t.at(), t.actor(), "transition", t.reason(), t.to().wireName()));
            }
        }
        return b.audit(audit).build();
    }

    /**
     * The worst verdict of the latest round: one failing check makes the rollout's verdict a failure; null while no
     * check has a verdict.
     */
    static Verdict latest(List<CheckValue> checks) {
        Verdict worst = null;
        for (CheckValue c : checks) {
            worst = rank(c.verdict()) > rank(worst) ? c.verdict() : worst;
        }
        return worst;
    }

    private static int rank(Verdict v) {
        if (v == null) {
            return 0;
        }
        return switch (v) {
            case PASS -> 1;
            case INCONCLUSIVE -> 2;
            case ERROR -> 3;
            case FAIL -> 4;
        };
    }

    static MetricSeries series(MetricHistory history) {
        List<Double> canaryErrors = new ArrayList<>();
        List<Double> stableErrors = new ArrayList<>();
        List<Double> canaryP95 = new ArrayList<>();
        List<Double> stableP95 = new ArrayList<>();
        List<Integer> weight = new ArrayList<>();
        for (MetricHistory.Point p : history.points()) {
            canaryErrors.add(p.canary() == null ? null : p.canary().errorRate());
            stableErrors.add(p.stable() == null ? null : p.stable().errorRate());
            canaryP95.add(p.canary() == null ? null : p.canary().p95Seconds());
            stableP95.add(p.stable() == null ? null : p.stable().p95Seconds());
            weight.add(p.weight());
        }
        return new MetricSeries(canaryErrors, stableErrors, canaryP95, stableP95, weight);
    }

    /** The latest command and the engine's answer to it, if it answered that one. */
    static CommandStatus command(RolloutRecord record) {
        RolloutCommand c = record.command();
        if (c == null) {
            return null;
        }
        CommandAction action = c.action();
        CommandAck ack = record.ack();
        if (ack == null || !c.id().equals(ack.id())) {
            return new CommandStatus(c.id(), action, c.actor(), c.reason(), c.at(), CommandStatus.State.PENDING, null,
                    "");
        }
        CommandStatus.State state = CommandAck.APPLIED.equals(ack.outcome()) ? CommandStatus.State.ACKNOWLEDGED
                : CommandStatus.State.IGNORED;
        return new CommandStatus(c.id(), action, c.actor(), c.reason(), c.at(), state, ack.at(), ack.message());
    }
}
