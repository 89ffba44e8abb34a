package io.cicdmanager.tui.screen;

import io.cicdmanager.analysis.Figure;
import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.dora.DoraReport;
import io.cicdmanager.dora.DoraReporter.ServiceTrend;
import io.cicdmanager.dora.Selection;
import io.cicdmanager.dora.Tier;
import io.cicdmanager.dora.Window;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.RolloutSnapshot.AnalysisCounts;
import io.cicdmanager.tui.model.RolloutSnapshot.AuditLine;
import io.cicdmanager.tui.model.RolloutSnapshot.CheckValue;
import io.cicdmanager.tui.model.RolloutSnapshot.EventLine;
import io.cicdmanager.tui.model.RolloutSnapshot.MetricSeries;
import io.cicdmanager.tui.model.RolloutSnapshot.Pod;
import io.cicdmanager.tui.model.RolloutSnapshot.Revision;
import io.cicdmanager.tui.model.RolloutSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Rollouts as the screens' tests and the docs' captures show them. */
public final class Fixtures {
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private Fixtures() {
    }

    /** A healthy canary at step 3 of 6, with numbers behind every check. */
    public static RolloutSnapshot checkout() {
        return RolloutSnapshot.builder(new RolloutKey("prod", "checkout"))
                .strategy("canary")
                .phase(RolloutPhase.PROGRESSING, "canary at 25%, analysis running")
                .step(3, 6).weights(25, 24).verdict(Verdict.PASS)
                .startedAt(NOW.minusSeconds(754)).heartbeat(NOW.minusSeconds(3), false)
                .images("registry.example/checkout:2.4.0", "registry.example/checkout:2.4.1")
                .replicas(10, 10)
                .revisions(List.of(
                        new Revision("stable", "checkout-7f9c", "registry.example/checkout:2.4.0", 8, 8, List.of(
                                new Pod("checkout-7f9c-4xk2p", "Running", true, 0),
                                new Pod("checkout-7f9c-9mzq1", "Running", true, 0))),
                        new Revision("canary", "checkout-canary-5d2b", "registry.example/checkout:2.4.1", 2, 2,
                                List.of(new Pod("checkout-canary-5d2b-h7t4c", "Running", true, 1)))))
                .analysis(new AnalysisCounts(12, 0, 1))
                .checks(List.of(
                        new CheckValue("error-rate", Figure.of("threshold", "error-rate", 0.0042, "<=", 0.01),
                                Verdict.PASS),
                        new CheckValue("p95-latency", Figure.of("threshold", "p95-latency", 0.18, "<=", 1.0),
                                Verdict.PASS),
                        new CheckValue("p95-vs-stable", Figure.of("ratio-to-stable", "p95-latency", 1.5, "<=", 3.0),
                                Verdict.PASS)))
                .series(new MetricSeries(
                        List.of(0.002, 0.003, 0.004, 0.0042), List.of(0.003, 0.003, 0.003, 0.003),
                        List.of(0.15, 0.17, 0.18, 0.18), List.of(0.12, 0.12, 0.12, 0.12),
                        List.of(5, 5, 25, 25)))
                .events(List.of(new EventLine(NOW.minusSeconds(120), "StepAdvanced", "step 3/6: weight 25%")))
                .audit(List.of(new AuditLine(NOW.minusSeconds(300), "alice (SHA256:q9T1…)", "resume",
                        "dashboards look fine", "acknowledged")))
                .build();
    }

    /** Paused at a step without a duration: waiting for a promote. */
    public static RolloutSnapshot payments() {
        return RolloutSnapshot.builder(new RolloutKey("prod", "payments"))
                .strategy("canary").phase(RolloutPhase.PAUSED, "waiting for promote at step 2/4")
                .step(2, 4).weights(10, 10).verdict(Verdict.PASS)
                .startedAt(NOW.minusSeconds(3600)).heartbeat(NOW.minusSeconds(2), false)
                .images("registry.example/payments:1.8.0", "registry.example/payments:1.9.0")
                .replicas(6, 6).build();
    }

    /** Its engine stopped stamping the record two minutes ago. */
    public static RolloutSnapshot search() {
        return RolloutSnapshot.builder(new RolloutKey("staging", "search"))
                .strategy("bluegreen").phase(RolloutPhase.PROGRESSING, "preview up, analysis running")
                .step(1, 2).weights(0, 0).verdict(Verdict.INCONCLUSIVE)
                .startedAt(NOW.minusSeconds(900)).heartbeat(NOW.minusSeconds(125), true)
                .images("registry.example/search:3.0.0", "registry.example/search:3.1.0")
                .replicas(4, 3).build();
    }

    /** Rolled back by its error-rate check. */
    public static RolloutSnapshot cart() {
        return RolloutSnapshot.builder(new RolloutKey("prod", "cart"))
                .strategy("canary").phase(RolloutPhase.ROLLED_BACK, "error-rate 5.20% > 1.00% at step 2")
                .step(2, 6).weights(0, 0).verdict(Verdict.FAIL)
                .startedAt(NOW.minusSeconds(7200)).heartbeat(NOW.minusSeconds(7000), false)
                .images("registry.example/cart:5.1.0", "registry.example/cart:5.2.0")
                .replicas(4, 4)
                .command(new CommandStatus("cmd-bob", CommandAction.ABORT, "bob (SHA256:x1)", "pager", NOW.minusSeconds(7100),
                        CommandStatus.State.ACKNOWLEDGED, NOW.minusSeconds(7099), "traffic on stable"))
                .build();
    }

    public static List<RolloutSnapshot> all() {
        return List.of(checkout(), payments(), search(), cart());
    }

    /** The DORA figures of the docs' capture: 30 days to {@link #NOW}, three services, eight weeks of trend. */
    public static DoraBoard.Overview doraOverview() {
        Window window = Window.ending(NOW, Duration.ofDays(30));
        return new DoraBoard.Overview(window, 8, List.of(
                trend(new Selection("checkout", "prod", "payments"), window, 96, 2.5, new double[] {2.1, 2.6, 3.0, 2.9,
                    3.4, 3.2, 3.6, 3.9}, 5.2, 14.0, 3, 0.4),
                trend(new Selection("payments", "prod", "payments"), window, 31, 0.9, new double[] {0.7, 1.0, 0.9, 1.1,
                    0.6, 0.9, 1.0, 0.7}, 60.0, 140.0, 8, 5.5),
                trend(new Selection("search", "staging", "discovery"), window, 4, 0.1, new double[] {0.1, 0.0, 0.3,
                    0.1, 0.0, 0.1, 0.3, 0.1}, 190.0, 400.0, 0, null)), "~/.cicd/dora.db");
    }

    /** A board that has {@link #doraOverview()} loaded. */
    public static DoraBoard dora() {
        DoraBoard board = new DoraBoard(Fixtures::doraOverview, Runnable::run, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(1));
        board.request();
        return board;
    }

    private static ServiceTrend trend(Selection s, Window window, long deployments, double perDay, double[] weekly,
            double leadHours, double p90Hours, long failed, Double recoveryHours) {
        DoraReport current = report(s, window, deployments, perDay, leadHours, p90Hours, failed, recoveryHours);
        List<DoraReport> weeks = new ArrayList<>();
        for (int i = 0; i < weekly.length; i++) {
            Window w = Window.ending(NOW.minus(Duration.ofDays(7L * (weekly.length - 1 - i))), Duration.ofDays(7));
            long n = Math.round(weekly[i] * 7);
            weeks.add(n == 0 ? report(s, w, 0, null, null, null, 0, null)
                    : report(s, w, n, weekly[i], leadHours * (1.3 - i * 0.05), p90Hours, i % 3 == 0 ? 1 : 0,
                            recoveryHours));
        }
        return new ServiceTrend(current, weeks);
    }

    private static DoraReport report(Selection s, Window window, long deployments, Double perDay, Double leadHours,
            Double p90Hours, long failed, Double recoveryHours) {
        if (deployments == 0) {
            return new DoraReport(s, window, 0, new DoraReport.DeploymentFrequency(null, null, 0),
                    new DoraReport.LeadTime(null, null, null, 0), new DoraReport.ChangeFailureRate(null, null, 0, 0),
                    new DoraReport.RecoveryTime(null, null, 0, 0));
        }
        double percent = 100.0 * failed / deployments;
        return new DoraReport(s, window, deployments,
                new DoraReport.DeploymentFrequency(perDay, Tier.ofDeploymentFrequency(perDay), deployments - failed),
                new DoraReport.LeadTime(leadHours, p90Hours, Tier.ofLeadTime(leadHours), deployments * 2),
                new DoraReport.ChangeFailureRate(percent, Tier.ofChangeFailureRate(percent), failed, deployments),
                recoveryHours == null ? new DoraReport.RecoveryTime(null, null, 0, failed)
                        : new DoraReport.RecoveryTime(recoveryHours, Tier.ofRecoveryTime(recoveryHours), failed, 0));
    }
}
