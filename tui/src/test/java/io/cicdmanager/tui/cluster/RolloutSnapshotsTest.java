package io.cicdmanager.tui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.Figure;
import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.MetricHistory;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.RolloutSnapshot.AuditLine;
import io.cicdmanager.tui.model.RolloutSnapshot.CheckValue;
import io.cicdmanager.tui.model.RolloutSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutSnapshotsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static RolloutStatus.CheckStatus check(String name, String kind, String metric, Verdict verdict, Double value,
            Double threshold, int passed, int failed, int inconclusive, int errors) {
        return new RolloutStatus.CheckStatus(name, kind, metric, verdict, value, null, threshold, "<=", "", NOW, passed,
                failed, inconclusive, errors, 0);
    }

    private static RolloutStatus status(RolloutPhase phase, Instant heartbeat, List<RolloutStatus.CheckStatus> checks) {
        return new RolloutStatus(1, "checkout", "prod", "canary", "istio", phase, "step 3/6: setWeight 25",
                "registry.example/checkout:2", "registry.example/checkout:1", "registry.example/checkout:2", 2, 6,
                "setWeight 25", NOW.minusSeconds(60), 25, 24, new RolloutStatus.Replicas(4, 4, 2, 1),
                NOW.minusSeconds(600), NOW.minusSeconds(2), null, "jenkins",
                heartbeat == null ? null : new RolloutStatus.Heartbeat("engine-1", heartbeat, 5),
                new RolloutStatus.Analysis(7, NOW, checks), null,
                List.of(new RolloutStatus.Transition(NOW.minusSeconds(600), RolloutPhase.PENDING,
                        RolloutPhase.PROGRESSING, 0, "jenkins", "started")));
    }

    private static RolloutRecord record(RolloutStatus status, MetricHistory metrics, RolloutCommand command,
            CommandAck ack) {
        return new RolloutRecord("checkout", "prod", "7", "name: checkout\n", status, metrics, command, ack);
    }

    @Test
    void theListAndDetailFieldsComeFromTheStatus() {
        RolloutStatus s = status(RolloutPhase.PROGRESSING, NOW.minusSeconds(3), List.of(
                check("error-rate", "threshold", "error-rate", Verdict.PASS, 0.004, 0.01, 6, 0, 1, 0),
                check("p95-latency", "threshold", "p95-latency", Verdict.PASS, 0.18, 1.0, 7, 0, 0, 0),
                check("p95-vs-stable", "ratio-to-stable", "p95-latency", Verdict.INCONCLUSIVE, null, 3.0, 5, 0, 2, 0),
                check("alerts", "firing-alerts", "firing-alerts", Verdict.PASS, 0.0, null, 7, 0, 0, 0)));

        RolloutSnapshot r = RolloutSnapshots.from(record(s, MetricHistory.empty(), null, null), NOW,
                RolloutDetail.NONE);

        assertThat(r.key().toString()).isEqualTo("prod/checkout");
        assertThat(r.phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(r.message()).isEqualTo("step 3/6: setWeight 25");
        assertThat(r.step()).as("the record's step index is 0-based").isEqualTo(3);
        assertThat(r.steps()).isEqualTo(6);
        assertThat(r.setWeight()).isEqualTo(25);
        assertThat(r.actualWeight()).isEqualTo(24);
        assertThat(r.desiredReplicas()).isEqualTo(6);
        assertThat(r.readyReplicas()).isEqualTo(5);
        assertThat(r.stableImage()).isEqualTo("registry.example/checkout:1");
        assertThat(r.canaryImage()).isEqualTo("registry.example/checkout:2");
        assertThat(r.orphaned()).isFalse();
        assertThat(r.heartbeatAt()).contains(NOW.minusSeconds(3));
        assertThat(r.latestVerdict()).as("one inconclusive check makes the round inconclusive")
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.analysis()).isEqualTo(new RolloutSnapshot.AnalysisCounts(25, 0, 3));
        assertThat(r.checks()).extracting(c -> c.figure().unit()).containsExactly(Figure.Unit.PERCENT,
                Figure.Unit.SECONDS, Figure.Unit.TIMES, Figure.Unit.COUNT);
        assertThat(r.checks().get(0).shown().comparison()).isEqualTo("≤");
        assertThat(r.checks().get(2).current()).as("no data stays no data").isEmpty();
        assertThat(r.checks().get(2).shown().value()).isEqualTo("no data");
        assertThat(r.checks().get(3).shown().limit()).isEmpty();
        assertThat(r.audit()).as("without events, the record's transitions say who moved it")
                .containsExactly(new AuditLine(NOW.minusSeconds(600), "jenkins", "transition", "started",
                        "Progressing"));
        assertThat(r.command()).isEmpty();
    }

    @Test
    void aStaleHeartbeatMakesTheRolloutOrphanedAtThatMoment() {
        RolloutRecord rec = record(status(RolloutPhase.PAUSED, NOW, List.of()), MetricHistory.empty(), null, null);
        assertThat(RolloutSnapshots.from(rec, NOW.plusSeconds(10), RolloutDetail.NONE).orphaned()).isFalse();
        assertThat(RolloutSnapshots.from(rec, NOW.plus(RolloutRecord.STALE_AFTER).plusSeconds(1),
                RolloutDetail.NONE).orphaned()).isTrue();
        RolloutRecord done = record(status(RolloutPhase.SUCCEEDED, NOW, List.of()), MetricHistory.empty(), null, null);
        assertThat(RolloutSnapshots.from(done, NOW.plus(Duration.ofHours(1)), RolloutDetail.NONE).orphaned())
                .as("a finished rollout needs no engine").isFalse();
    }

    @Test
    void theWorstVerdictOfTheRoundIsTheRollouts() {
        assertThat(RolloutSnapshots.latest(List.of())).as("no check has a verdict yet").isNull();
        assertThat(RolloutSnapshots.latest(List.of(value(Verdict.PASS), value(Verdict.ERROR),
                value(Verdict.INCONCLUSIVE)))).isEqualTo(Verdict.ERROR);
        assertThat(RolloutSnapshots.latest(List.of(value(Verdict.FAIL), value(Verdict.ERROR)))).isEqualTo(Verdict.FAIL);
    }

    private static CheckValue value(Verdict v) {
        return new CheckValue("c", Figure.of("threshold", "restarts", 1.0, "<=", 2.0), v);
    }

    @Test
    void theChartsKeepIntervalsWithoutDataAsGaps() {
        MetricHistory history = MetricHistory.empty()
                .plus(new MetricHistory.Point(NOW.minusSeconds(30), 10, new MetricHistory.TrackPoint(0.004, 0.12, 20.0),
                        new MetricHistory.TrackPoint(0.005, 0.11, 180.0)))
                .plus(new MetricHistory.Point(NOW, 25, null, new MetricHistory.TrackPoint(null, 0.11, 150.0)));
        RolloutSnapshot r = RolloutSnapshots.from(record(status(RolloutPhase.PROGRESSING, NOW, List.of()), history,
                null, null), NOW, RolloutDetail.NONE);
        assertThat(r.series().canaryErrorRate()).containsExactly(0.004, null);
        assertThat(r.series().stableErrorRate()).containsExactly(0.005, null);
        assertThat(r.series().canaryP95()).containsExactly(0.12, null);
        assertThat(r.series().stableP95()).containsExactly(0.11, 0.11);
        assertThat(r.series().weight()).containsExactly(10, 25);
    }

    @Test
    void theLatestCommandIsPendingUntilTheEngineAnswersThatOne() {
        RolloutCommand abort = new RolloutCommand("c-2", CommandAction.ABORT, "alice (SHA256:a)", "pager", NOW, "ssh");
        RolloutStatus s = status(RolloutPhase.PROGRESSING, NOW, List.of());
        CommandAck older = new CommandAck("c-1", CommandAction.PAUSE, CommandAck.APPLIED, "paused", NOW, "engine-1");
        CommandStatus pending = RolloutSnapshots.from(record(s, MetricHistory.empty(), abort, older), NOW,
                RolloutDetail.NONE).command().orElseThrow();
        assertThat(pending.state()).isEqualTo(CommandStatus.State.PENDING);
        assertThat(pending.action()).isEqualTo(CommandAction.ABORT);
        assertThat(pending.actor()).isEqualTo("alice (SHA256:a)");

        CommandAck applied = new CommandAck("c-2", CommandAction.ABORT, CommandAck.APPLIED, "rolling back",
                NOW.plusMillis(80), "engine-1");
        CommandStatus done = RolloutSnapshots.from(record(s, MetricHistory.empty(), abort, applied), NOW,
                RolloutDetail.NONE).command().orElseThrow();
        assertThat(done.state()).isEqualTo(CommandStatus.State.ACKNOWLEDGED);
        assertThat(done.answered()).contains(NOW.plusMillis(80));
        assertThat(done.message()).isEqualTo("rolling back");

        RolloutCommand pause = new RolloutCommand("c-3", CommandAction.PAUSE, "bob", "", NOW, "tui");
        CommandAck ignored = new CommandAck("c-3", CommandAction.PAUSE, CommandAck.IGNORED, "already paused", NOW,
                "engine-1");
        assertThat(RolloutSnapshots.from(record(s, MetricHistory.empty(), pause, ignored), NOW, RolloutDetail.NONE)
                .command().orElseThrow().state()).isEqualTo(CommandStatus.State.IGNORED);
    }

    @Test
    void aRecordWithoutStatusIsPendingAndTheDetailComesFromTheCluster() {
        RolloutDetail detail = new RolloutDetail(List.of(new RolloutSnapshot.Revision("stable", "checkout-1", "img", 4,
                4, List.of())), List.of(new RolloutSnapshot.EventLine(NOW, "Scaled", "scaled up")),
                List.of(new AuditLine(NOW, "alice", "abort", "pager", "applied")));
        RolloutSnapshot r = RolloutSnapshots.from(record(null, MetricHistory.empty(), null, null), NOW, detail);
        assertThat(r.phase()).isEqualTo(RolloutPhase.PENDING);
        assertThat(r.message()).contains("no status yet");
        assertThat(r.revisions()).hasSize(1);
        assertThat(r.events()).hasSize(1);

        RolloutSnapshot withStatus = RolloutSnapshots.from(record(status(RolloutPhase.PROGRESSING, NOW, List.of()),
                MetricHistory.empty(), null, null), NOW, detail);
        assertThat(withStatus.audit()).as("events, when there are some, are the history")
                .containsExactly(new AuditLine(NOW, "alice", "abort", "pager", "applied"));
    }
}
