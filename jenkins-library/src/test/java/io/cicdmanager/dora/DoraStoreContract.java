package io.cicdmanager.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DoraStore} must do, run against SQLite and a real PostgreSQL. The Four Keys complaints the
 * issue lists each have a test named for them.
 */
abstract class DoraStoreContract {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Window NOVEMBER = new Window(T0, T0.plus(Duration.ofDays(30)));

    DoraStore store;
    DoraReporter reporter;

    /** A fresh, empty store; {@code streamLimit} chooses how lead-time percentiles are found. */
    abstract DoraStore openStore(long streamLimit);

    @BeforeEach
    void open() {
        store = openStore(JdbcDoraStore.DEFAULT_STREAM_LIMIT);
        reporter = new DoraReporter(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Instant at(double hours) {
        return T0.plusMillis(Math.round(hours * 3_600_000));
    }

    static Deployment deployment(String id, String service, String environment, String team, double finishedHour,
            DeploymentStatus status, double... commitHours) {
        List<Instant> commits = new ArrayList<>();
        for (double h : commitHours) {
            commits.add(at(h));
        }
        return new Deployment(id, service, environment, team, "1.0." + id, "sha-" + id, commits,
                at(finishedHour - 0.25), at(finishedHour), status, "alice", "https://ci.example/job/" + id);
    }

    static Deployment ok(String id, double finishedHour, double... commitHours) {
        return deployment(id, "checkout", "prod", "payments", finishedHour, DeploymentStatus.SUCCESS, commitHours);
    }

    static Deployment failed(String id, double finishedHour, double... commitHours) {
        return deployment(id, "checkout", "prod", "payments", finishedHour, DeploymentStatus.FAILURE, commitHours);
    }

    DoraReport checkout() {
        return reporter.report(new Selection("checkout", "prod", null), NOVEMBER);
    }

    // ---- recording ---------------------------------------------------------------------------------------

    @Test
    void aDeploymentReadsBackAsRecorded() {
        Deployment d = ok("d1", 10, 2, 1, 3);
        assertThat(store.record(d).outcome()).isEqualTo(RecordOutcome.RECORDED);
        assertThat(store.deployment("d1")).contains(d);
        assertThat(store.deployment("d1").orElseThrow().commitTimes()).containsExactly(at(1), at(2), at(3));
        assertThat(store.deployment("nope")).isEmpty();
    }

    @Test
    void aDeploymentWithoutOptionalFieldsReadsBack() {
        Deployment d = new Deployment("bare", "checkout", "prod", null, "1", "abc", List.of(), null, at(5),
                DeploymentStatus.FAILURE, null, null);
        store.record(d);
        assertThat(store.deployment("bare")).contains(d);
    }

    @Test
    void aRepeatedDeliveryIsNotCountedTwice() {
        Deployment d = ok("d1", 10, 1, 2);
        assertThat(store.record(d).outcome()).isEqualTo(RecordOutcome.RECORDED);
        assertThat(store.record(d).outcome()).isEqualTo(RecordOutcome.UNCHANGED);
        // the same commits in another order are the same delivery
        Deployment reordered = new Deployment("d1", d.service(), d.environment(), d.team(), d.version(),
                d.commitSha(), List.of(at(2), at(1)), d.started(), d.finished(), d.status(), d.by(),
                d.pipelineUrl());
        assertThat(store.record(reordered).outcome()).isEqualTo(RecordOutcome.UNCHANGED);
        Restore restore = new Restore("r1", "d1", at(11), RestoreKind.ROLLBACK, "bob");
        store.record(restore);
        assertThat(store.record(restore).outcome()).isEqualTo(RecordOutcome.UNCHANGED);
        Incident incident = new Incident("i1", "checkout", "prod", at(10.5), null, "d1");
        store.record(incident);
        assertThat(store.record(incident).outcome()).isEqualTo(RecordOutcome.UNCHANGED);

        DoraReport report = checkout();
        assertThat(report.deployments()).isEqualTo(1);
        assertThat(report.leadTime().changes()).isEqualTo(2);
        assertThat(report.changeFailureRate().failed()).isEqualTo(1);
        assertThat(report.recoveryTime().restored()).isEqualTo(1);
        assertThat(store.restoresOf("d1")).containsExactly(restore);
    }

    @Test
    void aSecondDeliveryWithOtherContentIsAConflictAndTheFirstIsKept() {
        Deployment first = ok("d1", 10, 1);
        store.record(first);
        RecordResult second = store.record(failed("d1", 12, 1));
        assertThat(second.outcome()).isEqualTo(RecordOutcome.CONFLICT);
        assertThat(second.detail()).contains("deployment d1").contains("status: recorded success, delivered failure")
                .contains("finished");
        assertThat(store.deployment("d1")).contains(first);

        store.record(new Restore("r1", "d1", at(11), RestoreKind.ROLLBACK, null));
        RecordResult restore = store.record(new Restore("r1", "d1", at(13), RestoreKind.FIX, null));
        assertThat(restore.outcome()).isEqualTo(RecordOutcome.CONFLICT);
        assertThat(restore.detail()).contains("at: recorded").contains("kind");
        assertThat(store.restoresOf("d1")).extracting(Restore::at).containsExactly(at(11));

        store.record(new Incident("i1", "checkout", "prod", at(10), at(12), "d1"));
        RecordResult incident = store.record(new Incident("i1", "checkout", "prod", at(10), at(14), "d1"));
        assertThat(incident.outcome()).isEqualTo(RecordOutcome.CONFLICT);
        assertThat(incident.detail()).contains("resolved");
        assertThat(store.incident("i1").orElseThrow().resolved()).isEqualTo(at(12));
    }

    @Test
    void anIncidentIsResolvedByItsSecondDelivery() {
        store.record(new Incident("i1", "checkout", "prod", at(10), null, null));
        RecordResult resolved = store.record(new Incident("i1", "checkout", "prod", at(10), at(12), "d1"));
        assertThat(resolved.outcome()).isEqualTo(RecordOutcome.UPDATED);
        assertThat(store.incident("i1")).contains(new Incident("i1", "checkout", "prod", at(10), at(12), "d1"));
        // a delivery without the resolution does not take it away
        assertThat(store.record(new Incident("i1", "checkout", "prod", at(10), null, null)).outcome())
                .isEqualTo(RecordOutcome.UNCHANGED);
        assertThat(store.incident("i1").orElseThrow().resolved()).isEqualTo(at(12));
        assertThat(store.incident("other")).isEmpty();
        assertThat(store.record(new Incident("i1", "cart", "prod", at(10), null, null)).outcome())
                .isEqualTo(RecordOutcome.CONFLICT);
    }

    @Test
    void recordAllReportsEachDeploymentInOrder() {
        store.record(ok("d2", 5, 1));
        List<RecordResult> results = store.recordAll(List.of(ok("d1", 4, 1), ok("d2", 5, 1), failed("d2", 5, 1)));
        assertThat(results).extracting(RecordResult::outcome)
                .containsExactly(RecordOutcome.RECORDED, RecordOutcome.UNCHANGED, RecordOutcome.CONFLICT);
        assertThat(checkout().deployments()).isEqualTo(2);
    }

    @Test
    void theLastDeploymentIsTheLatestFinished() {
        store.record(ok("a", 10, 1));
        store.record(failed("b", 20, 15));
        store.record(deployment("c", "checkout", "staging", null, 30, DeploymentStatus.SUCCESS, 25));
        assertThat(store.lastDeployment("checkout", "prod", false, null)).map(Deployment::id).contains("b");
        assertThat(store.lastDeployment("checkout", "prod", true, null)).map(Deployment::id).contains("a");
        assertThat(store.lastDeployment("checkout", "prod", false, "b")).map(Deployment::id).contains("a");
        assertThat(store.lastDeployment("checkout", "dev", false, null)).isEmpty();
    }

    // ---- the keys ----------------------------------------------------------------------------------------

    @Test
    void noDataIsNullNeverATier() {
        DoraReport empty = checkout();
        assertThat(empty.deployments()).isZero();
        assertThat(empty.deploymentFrequency().perDay()).isNull();
        assertThat(empty.deploymentFrequency().tier()).isNull();
        assertThat(empty.leadTime().medianHours()).isNull();
        assertThat(empty.leadTime().p90Hours()).isNull();
        assertThat(empty.leadTime().tier()).isNull();
        assertThat(empty.changeFailureRate().percent()).isNull();
        assertThat(empty.changeFailureRate().tier()).isNull();
        assertThat(empty.recoveryTime().medianHours()).isNull();
        assertThat(empty.recoveryTime().tier()).isNull();

        // a successful deployment with no failures: recovery still has no data, not an elite tier
        store.record(ok("d1", 10, 9));
        DoraReport one = checkout();
        assertThat(one.recoveryTime().medianHours()).isNull();
        assertThat(one.recoveryTime().tier()).isNull();
        assertThat(one.changeFailureRate().percent()).isEqualTo(0.0);
        assertThat(one.changeFailureRate().tier()).isEqualTo(Tier.ELITE);
    }

    @Test
    void deploymentFrequencyCountsSuccessfulDeploymentsPerDayOfTheWindow() {
        for (int i = 0; i < 45; i++) {
            store.record(ok("s" + i, 10 + i * 12, 1));
        }
        for (int i = 0; i < 5; i++) {
            store.record(failed("f" + i, 11 + i * 12, 1));
        }
        store.record(ok("before", -1, -5));
        store.record(ok("after", 30 * 24 + 1, 1));
        DoraReport report = checkout();
        assertThat(report.deployments()).isEqualTo(50);
        assertThat(report.deploymentFrequency().successful()).isEqualTo(45);
        assertThat(report.deploymentFrequency().perDay()).isCloseTo(1.5, within(1e-9));
        assertThat(report.deploymentFrequency().tier()).isEqualTo(Tier.ELITE);
    }

    @Test
    void leadTimeIsTheMedianAndP90OverEveryShippedChangeIgnoringZeroOnes() {
        // lead times in hours: 1, 2, 3, 4 (d1) and 10, 20 (d2); a commit at the finish is ignored
        store.record(ok("d1", 100, 99, 98, 97, 96, 100));
        store.record(ok("d2", 200, 190, 180));
        // a failed deployment did not ship its changes
        store.record(failed("d3", 300, 0));
        DoraReport report = checkout();
        assertThat(report.leadTime().changes()).isEqualTo(6);
        // sorted 1 2 3 4 10 20: median (3 + 4) / 2, P90 at rank 4.5: 10 + 0.5 × 10
        assertThat(report.leadTime().medianHours()).isCloseTo(3.5, within(1e-9));
        assertThat(report.leadTime().p90Hours()).isCloseTo(15.0, within(1e-9));
        assertThat(report.leadTime().tier()).isEqualTo(Tier.ELITE);
    }

    @Test
    void leadTimeFromTheIndexEqualsLeadTimeReadInFull() {
        Random random = new Random(7);
        List<Deployment> deployments = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double finished = 24 + random.nextDouble() * 600;
            double[] commits = new double[1 + random.nextInt(4)];
            for (int k = 0; k < commits.length; k++) {
                // some at the finish itself: a lead time of zero, which both ways ignore
                commits[k] = k == 0 && i % 7 == 0 ? finished : finished - random.nextDouble() * 300;
            }
            String team = i % 3 == 0 ? "payments" : "growth";
            DeploymentStatus status = i % 10 == 0 ? DeploymentStatus.FAILURE : DeploymentStatus.SUCCESS;
            deployments.add(deployment("d" + i, "svc" + (i % 2), "prod", team, finished, status, commits));
        }
        store.recordAll(deployments);
        DoraStore indexed = openSameStoreWithStreamLimit(0);
        try {
            DoraReporter walking = new DoraReporter(indexed);
            for (Selection selection : List.of(Selection.ALL, new Selection("svc1", "prod", null),
                    new Selection(null, null, "payments"), new Selection("svc0", "prod", "growth"))) {
                DoraReport.LeadTime full = reporter.report(selection, NOVEMBER).leadTime();
                DoraReport.LeadTime walked = walking.report(selection, NOVEMBER).leadTime();
                assertThat(full.changes()).isPositive();
                assertThat(walked).isEqualTo(full);
            }
        } finally {
            indexed.close();
        }
    }

    /** The same data, opened again with another stream limit. */
    abstract DoraStore openSameStoreWithStreamLimit(long streamLimit);

    @Test
    void changeFailureRateDividesByDeploymentsNotChanges() {
        // one failed deployment shipping ten changes, three good ones shipping one change each
        store.record(failed("bad", 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9.5));
        store.record(ok("g1", 20, 19));
        store.record(ok("g2", 30, 29));
        store.record(ok("g3", 40, 39));
        DoraReport report = checkout();
        assertThat(report.changeFailureRate().failed()).isEqualTo(1);
        assertThat(report.changeFailureRate().deployments()).isEqualTo(4);
        assertThat(report.changeFailureRate().percent()).isEqualTo(25.0);
        assertThat(report.changeFailureRate().tier()).isEqualTo(Tier.HIGH);
    }

    @Test
    void aDeploymentThatCausedAnIncidentCountsAsFailedOnce() {
        store.record(ok("d1", 10, 9));
        store.record(ok("d2", 20, 19));
        store.record(ok("d3", 30, 29));
        store.record(ok("d4", 40, 39));
        store.record(new Incident("i1", "checkout", "prod", at(12), null, "d1"));
        store.record(new Incident("i2", "checkout", "prod", at(13), null, "d1"));
        store.record(new Incident("i3", "checkout", "prod", at(14), null, null));
        DoraReport report = checkout();
        assertThat(report.changeFailureRate().failed()).isEqualTo(1);
        assertThat(report.changeFailureRate().percent()).isEqualTo(25.0);
        assertThat(report.recoveryTime().unrestored()).isEqualTo(1);
    }

    @Test
    void aRolledBackDeploymentCountsAsFailedEvenIfItReportedSuccess() {
        store.record(ok("d1", 10, 9));
        store.record(ok("d2", 20, 19));
        store.record(new Restore("r1", "d1", at(10.5), RestoreKind.ROLLBACK, "guard"));
        DoraReport report = checkout();
        assertThat(report.changeFailureRate().failed()).isEqualTo(1);
        assertThat(report.changeFailureRate().percent()).isEqualTo(50.0);
        assertThat(report.recoveryTime().medianHours()).isCloseTo(0.5, within(1e-9));
        assertThat(report.recoveryTime().tier()).isEqualTo(Tier.ELITE);
    }

    @Test
    void recoveryIsMeasuredFromTheFailedDeploymentNotFromIncidentCreation() {
        // d1 finished at hour 10; the incident was only opened at hour 14; service was back at hour 16
        store.record(ok("d1", 10, 9));
        store.record(new Incident("i1", "checkout", "prod", at(14), at(16), "d1"));
        DoraReport report = checkout();
        assertThat(report.recoveryTime().medianHours()).isCloseTo(6.0, within(1e-9));
        assertThat(report.recoveryTime().tier()).isEqualTo(Tier.HIGH);
        assertThat(report.recoveryTime().restored()).isEqualTo(1);
    }

    @Test
    void recoveryTakesTheEarliestRestoreOfEachFailedDeploymentAndTheMedianOverThem() {
        store.record(failed("f1", 10, 9));
        store.record(new Restore("r1a", "f1", at(12), RestoreKind.FIX, null));
        store.record(new Restore("r1b", "f1", at(11), RestoreKind.ROLLBACK, null));
        store.record(failed("f2", 20, 19));
        store.record(new Restore("r2", "f2", at(23), RestoreKind.ROLLBACK, null));
        store.record(failed("f3", 30, 29));
        store.record(new Restore("r3", "f3", at(35), RestoreKind.ROLLBACK, null));
        // a restore before the deployment finished is not a recovery of it
        store.record(failed("f4", 40, 39));
        store.record(new Restore("r4", "f4", at(39.5), RestoreKind.ROLLBACK, null));
        DoraReport report = checkout();
        // recoveries 1 h, 3 h, 5 h
        assertThat(report.recoveryTime().medianHours()).isCloseTo(3.0, within(1e-9));
        assertThat(report.recoveryTime().restored()).isEqualTo(3);
        assertThat(report.recoveryTime().unrestored()).isEqualTo(1);
        assertThat(report.changeFailureRate().percent()).isEqualTo(100.0);
        assertThat(report.changeFailureRate().tier()).isEqualTo(Tier.LOW);
    }

    @Test
    void aRestoreRecordedBeforeItsDeploymentStillCounts() {
        store.record(new Restore("r1", "late", at(12), RestoreKind.ROLLBACK, null));
        store.record(failed("late", 10, 9));
        assertThat(checkout().recoveryTime().medianHours()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void anIncidentDeliveredBeforeItsDeploymentStillMarksItFailed() {
        store.record(new Incident("i1", "checkout", "prod", at(11), at(13), "early"));
        store.recordAll(List.of(ok("early", 10, 9), ok("other", 12, 11)));
        DoraReport report = checkout();
        assertThat(report.changeFailureRate().failed()).isEqualTo(1);
        assertThat(report.recoveryTime().medianHours()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void aDeploymentFinishedAtDeliveryIsTheSameWhenDeliveredAgainLater() {
        Deployment first = ok("d1", 10, 9);
        assertThat(store.recordFinishedAtDelivery(first).outcome()).isEqualTo(RecordOutcome.RECORDED);
        Deployment retry = new Deployment("d1", first.service(), first.environment(), first.team(),
                first.version(), first.commitSha(), first.commitTimes(), first.started(), at(10.5), first.status(),
                first.by(), first.pipelineUrl());
        assertThat(store.recordFinishedAtDelivery(retry).outcome()).isEqualTo(RecordOutcome.UNCHANGED);
        assertThat(store.deployment("d1")).contains(first);
        // another field is still a conflict; a finish time given explicitly is still compared
        RecordResult otherStatus = store.recordFinishedAtDelivery(new Deployment("d1", first.service(),
                first.environment(), first.team(), first.version(), first.commitSha(), first.commitTimes(),
                first.started(), at(11), DeploymentStatus.FAILURE, first.by(), first.pipelineUrl()));
        assertThat(otherStatus.outcome()).isEqualTo(RecordOutcome.CONFLICT);
        assertThat(otherStatus.detail()).contains("status: recorded success, delivered failure")
                .doesNotContain("finished");
        assertThat(store.record(retry).outcome()).isEqualTo(RecordOutcome.CONFLICT);
        assertThat(checkout().deployments()).isEqualTo(1);
        assertThat(checkout().changeFailureRate().failed()).isZero();
    }

    @Test
    void anIncidentGivenItsCauseLaterMarksTheDeploymentFailed() {
        store.record(ok("d1", 10, 9));
        store.record(new Incident("i1", "checkout", "prod", at(11), null, null));
        assertThat(checkout().changeFailureRate().failed()).isZero();
        store.record(new Incident("i1", "checkout", "prod", at(11), null, "d1"));
        assertThat(checkout().changeFailureRate().failed()).isEqualTo(1);
        assertThat(checkout().recoveryTime().unrestored()).isEqualTo(1);
        store.record(new Incident("i1", "checkout", "prod", at(11), at(12.5), null));
        assertThat(checkout().recoveryTime().medianHours()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void keysSplitByTeam() {
        store.record(deployment("p1", "checkout", "prod", "payments", 10, DeploymentStatus.SUCCESS, 9));
        store.record(deployment("p2", "checkout", "prod", "payments", 20, DeploymentStatus.FAILURE, 19));
        store.record(deployment("g1", "checkout", "prod", "growth", 30, DeploymentStatus.SUCCESS, 20));
        DoraReport payments = reporter.report(new Selection(null, null, "payments"), NOVEMBER);
        DoraReport growth = reporter.report(new Selection(null, null, "growth"), NOVEMBER);
        assertThat(payments.deployments()).isEqualTo(2);
        assertThat(payments.changeFailureRate().percent()).isEqualTo(50.0);
        assertThat(payments.leadTime().medianHours()).isCloseTo(1.0, within(1e-9));
        assertThat(growth.deployments()).isEqualTo(1);
        assertThat(growth.changeFailureRate().percent()).isEqualTo(0.0);
        assertThat(growth.leadTime().medianHours()).isCloseTo(10.0, within(1e-9));
        assertThat(reporter.reportPerService(NOVEMBER)).extracting(DoraReport::selection).containsExactly(
                new Selection("checkout", "prod", "growth"), new Selection("checkout", "prod", "payments"));
    }

    @Test
    void aDeploymentWithoutATeamIsNotCountedUnderEveryTeam() {
        store.record(deployment("p1", "checkout", "prod", "payments", 10, DeploymentStatus.SUCCESS, 9));
        store.record(deployment("n1", "checkout", "prod", null, 20, DeploymentStatus.SUCCESS, 15));
        store.record(deployment("n2", "checkout", "prod", null, 30, DeploymentStatus.FAILURE, 29));

        List<DoraReport> rows = reporter.reportPerService(NOVEMBER);
        assertThat(rows).extracting(DoraReport::selection).containsExactly(
                Selection.row("checkout", "prod", null), Selection.row("checkout", "prod", "payments"));
        DoraReport noTeam = rows.get(0);
        assertThat(noTeam.selection().withoutTeam()).isTrue();
        assertThat(noTeam.deployments()).isEqualTo(2);
        assertThat(noTeam.changeFailureRate().percent()).isEqualTo(50.0);
        assertThat(noTeam.leadTime().changes()).isEqualTo(1);
        assertThat(noTeam.leadTime().medianHours()).isCloseTo(5.0, within(1e-9));
        DoraReport payments = rows.get(1);
        assertThat(payments.deployments()).isEqualTo(1);
        assertThat(payments.changeFailureRate().percent()).isEqualTo(0.0);
        assertThat(payments.leadTime().medianHours()).isCloseTo(1.0, within(1e-9));
        // no team named is still any team
        assertThat(checkout().deployments()).isEqualTo(3);

        // the terminal UI's overview has the same rows, week by week too
        List<DoraReporter.ServiceTrend> overview = reporter.overview(NOVEMBER, 5);
        assertThat(overview).extracting(t -> t.current().deployments()).containsExactly(2L, 1L);
        assertThat(overview.get(0).weekly().stream().mapToLong(DoraReport::deployments).sum()).isEqualTo(2);

        // the Prometheus export: team="" is the deployments without a team only
        java.util.Map<String, Double> ratio = new java.util.TreeMap<>();
        java.util.Map<String, Double> deployments = new java.util.TreeMap<>();
        for (var snapshot : new DoraMetrics(reporter, NOVEMBER::until, Duration.ofDays(30)).collect()) {
            for (var point : snapshot.getDataPoints()) {
                var gauge = (io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot) point;
                String team = point.getLabels().get("team");
                if (snapshot.getMetadata().getName().equals(DoraMetrics.FAILURE_RATIO)) {
                    ratio.put(team, gauge.getValue());
                } else if (snapshot.getMetadata().getName().equals(DoraMetrics.DEPLOYMENTS)) {
                    deployments.merge(team, gauge.getValue(), Double::sum);
                }
            }
        }
        assertThat(ratio).containsExactly(java.util.Map.entry("", 0.5), java.util.Map.entry("payments", 0.0));
        assertThat(deployments).containsExactly(java.util.Map.entry("", 2.0), java.util.Map.entry("payments", 1.0));

        // and lead time walked in the index selects the same changes
        store.close();
        store = openSameStoreWithStreamLimit(0);
        reporter = new DoraReporter(store);
        assertThat(reporter.report(Selection.row("checkout", "prod", null), NOVEMBER).leadTime().medianHours())
                .isCloseTo(5.0, within(1e-9));
    }

    @Test
    void keysSplitByEnvironment() {
        store.record(deployment("s1", "checkout", "staging", null, 10, DeploymentStatus.SUCCESS, 9));
        store.record(deployment("s2", "checkout", "staging", null, 11, DeploymentStatus.SUCCESS, 9));
        store.record(deployment("p1", "checkout", "prod", null, 20, DeploymentStatus.FAILURE, 9));
        DoraReport staging = reporter.report(new Selection("checkout", "staging", null), NOVEMBER);
        DoraReport prod = reporter.report(new Selection("checkout", "prod", null), NOVEMBER);
        assertThat(staging.deployments()).isEqualTo(2);
        assertThat(staging.changeFailureRate().percent()).isEqualTo(0.0);
        assertThat(prod.deployments()).isEqualTo(1);
        assertThat(prod.changeFailureRate().percent()).isEqualTo(100.0);
        assertThat(reporter.report(Selection.ALL, NOVEMBER).deployments()).isEqualTo(3);
        assertThat(store.selections(NOVEMBER)).containsExactly(Selection.row("checkout", "prod", null),
                Selection.row("checkout", "staging", null));
    }

    @Test
    void theWeeklyTrendHasOneReportPerWeekOldestFirst() {
        store.record(ok("w1", 24 * 2, 24 * 2 - 1));
        store.record(ok("w3a", 24 * 16, 24 * 16 - 2));
        store.record(ok("w3b", 24 * 17, 24 * 17 - 4));
        Instant until = T0.plus(Duration.ofDays(21));
        List<DoraReport> trend = reporter.weeklyTrend(new Selection("checkout", "prod", null), until, 3);
        assertThat(trend).extracting(DoraReport::deployments).containsExactly(1L, 0L, 2L);
        assertThat(trend.get(0).window()).isEqualTo(new Window(T0, T0.plus(Duration.ofDays(7))));
        assertThat(trend.get(1).leadTime().medianHours()).isNull();
        assertThat(trend.get(2).leadTime().medianHours()).isCloseTo(3.0, within(1e-9));

        List<DoraReporter.ServiceTrend> overview = reporter.overview(new Window(T0, until), 3);
        assertThat(overview).hasSize(1);
        assertThat(overview.get(0).current().deployments()).isEqualTo(3);
        assertThat(overview.get(0).weekly()).hasSize(3);
    }
}
