package io.cicdmanager.rollout;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.analysis.AnalysisContext;
import io.cicdmanager.analysis.AnalysisPolicy;
import io.cicdmanager.analysis.AnalysisRound;
import io.cicdmanager.analysis.AnalysisRun;
import io.cicdmanager.analysis.Check;
import io.cicdmanager.analysis.CheckResult;
import io.cicdmanager.analysis.FiringAlertsCheck;
import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.analysis.MetricQuery;
import io.cicdmanager.analysis.MetricSample;
import io.cicdmanager.analysis.OnInconclusive;
import io.cicdmanager.analysis.PodHealthCheck;
import io.cicdmanager.analysis.ThresholdCheck;
import io.cicdmanager.analysis.Track;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.KubernetesPodHealth;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.time.Sleeper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The classic post-deploy rollback triggers, watched over a window for a plain Deployment: 5xx rate above
 * 1 %, P95 above 3 × the pre-deploy baseline, readiness failures above 10 %, a critical alert firing. On a breach
 * the Deployment goes back to its previous revision. Inconclusive rounds (too little traffic) never roll back;
 * a metrics backend that stays unreachable ends the watch as unreachable, not as a pass.
 */
public final class DeploymentGuard {
    /** The thresholds; the defaults are those triggers'. */
    public record Triggers(double maxErrorRate, double maxP95Ratio, double maxReadinessFailures, String alertSelector) {
        public static final Triggers SEED = new Triggers(0.01, 3.0, 0.10, "severity=\"critical\"");
    }

    /**
     * How a watch ended: {@code passed}, {@code rolled-back}, {@code unreachable}, or {@code unverified}: the window
     * ended without a breach but a check never had the data to judge, which is never a pass.
     */
    public record Result(String outcome, CheckResult trigger, String rolledBackTo, int rounds, List<String> notes) {
        public static final String PASSED = "passed";
        public static final String UNVERIFIED = "unverified";
        public static final String ROLLED_BACK = "rolled-back";
        public static final String UNREACHABLE = "unreachable";
    }

    private final Workloads workloads;
    private final String deployment;
    private final String container;
    private final MetricProvider metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AuditLog audit;
    private final String actor;

    public DeploymentGuard(Workloads workloads, String deployment, String container, MetricProvider metrics, Clock clock,
            Sleeper sleeper, AuditLog audit, String actor) {
        this.workloads = workloads;
        this.deployment = deployment;
        this.container = container;
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
        this.audit = audit;
        this.actor = actor;
    }

    public Result watch(Duration window, Duration interval, Instant deployedAt, Duration baselineWindow,
            Triggers triggers, Consumer<String> progress) throws InterruptedException {
        Deployment d = workloads.require(deployment);
        Map<String, String> variables = Map.of("namespace", workloads.namespace(), "service", deployment);
        List<String> notes = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        checks.add(new PodHealthCheck("readiness-failures", "readiness-failures", triggers.maxReadinessFailures(),
                Track.STABLE));
        if (metrics == null) {
            notes.add("no metrics backend: only pod health is watched");
        } else {
            checks.add(new ThresholdCheck("error-rate", "error-rate", triggers.maxErrorRate(), true, Track.STABLE,
                    Map.of()));
            checks.add(new FiringAlertsCheck("critical-alerts", triggers.alertSelector(), 0));
            Double baseline = baseline(deployedAt, baselineWindow, variables);
            if (baseline == null) {
                notes.add("no pre-deploy P95 baseline over " + Durations.format(baselineWindow)
                        + " before " + deployedAt + ": the P95 trigger is off");
            } else {
                checks.add(new ThresholdCheck("p95-vs-baseline", "p95-latency", triggers.maxP95Ratio() * baseline, true,
                        Track.STABLE, Map.of()));
                notes.add(String.format(java.util.Locale.ROOT, "P95 baseline %.0f ms: the trigger is %.0f ms",
                        baseline * 1000, triggers.maxP95Ratio() * baseline * 1000));
            }
        }
        notes.forEach(progress);
        AnalysisRun run = new AnalysisRun(new AnalysisPolicy(interval, interval, checks, 0, Integer.MAX_VALUE,
                AnalysisPolicy.DEFAULT_CONSECUTIVE_ERROR_LIMIT, OnInconclusive.PAUSE));
        KubernetesPodHealth pods = new KubernetesPodHealth(workloads.client(), workloads.namespace(),
                d.getSpec().getSelector().getMatchLabels());
        Instant start = clock.instant();
        Instant end = start.plus(window);
        String target = workloads.namespace() + "/" + deployment;
        audit.append(new AuditEntry(start, actor, "guard", "guard", target, "watching for " + Durations.format(window),
                "started", Map.of("checks", checks.stream().map(Check::name).toList())));
        while (true) {
            Instant next = clock.instant().plus(interval);
            sleeper.sleep(Duration.between(clock.instant(), next.isAfter(end) ? end : next));
            Instant now = clock.instant();
            AnalysisRound round = run.evaluate(new AnalysisContext(metrics == null ? q -> {
                throw new IllegalStateException("no metrics backend");
            } : metrics, pods, now, interval, start, variables));
            StringBuilder line = new StringBuilder(now.toString().substring(11, 19) + " guard:");
            round.results().forEach(r -> line.append(' ').append(r.check()).append('=').append(r.verdict()));
            progress.accept(line.toString());
            if (round.action() == AnalysisRound.Action.ROLLBACK) {
                CheckResult trigger = round.trigger();
                if (trigger.verdict() == io.cicdmanager.analysis.Verdict.ERROR) {
                    audit.append(new AuditEntry(now, actor, "guard", "guard", target, round.reason(), "unreachable",
                            Map.of()));
                    return new Result(Result.UNREACHABLE, trigger, null, run.rounds(), notes);
                }
                String image = workloads.undo(deployment, container).orElse(null);
                audit.append(new AuditEntry(clock.instant(), actor, "guard", "rollback", target, trigger.message(),
                        image == null ? "no previous revision" : "undone to " + image,
                        Map.of("check", trigger.check(), "value", String.valueOf(trigger.value()), "threshold",
                                String.valueOf(trigger.threshold()))));
                return new Result(Result.ROLLED_BACK, trigger, image, run.rounds(), notes);
            }
            if (!now.isBefore(end)) {
                List<String> unjudged = round.tallies().stream().filter(t -> t.passed() + t.failed() == 0)
                        .map(AnalysisRound.CheckTally::check).toList();
                if (!unjudged.isEmpty()) {
                    String why = "no data to judge " + String.join(", ", unjudged) + " in any of " + run.rounds()
                            + " rounds: not shown healthy, nothing rolled back";
                    notes.add(why);
                    audit.append(new AuditEntry(now, actor, "guard", "guard", target, why, Result.UNVERIFIED,
                            Map.of("rounds", run.rounds(), "unjudged", unjudged)));
                    return new Result(Result.UNVERIFIED, null, null, run.rounds(), notes);
                }
                audit.append(new AuditEntry(now, actor, "guard", "guard", target, "window over", Result.PASSED,
                        Map.of("rounds", run.rounds())));
                return new Result(Result.PASSED, null, null, run.rounds(), notes);
            }
        }
    }

    private Double baseline(Instant deployedAt, Duration baselineWindow, Map<String, String> variables) {
        try {
            MetricSample s = metrics.query(new MetricQuery("p95-latency", Track.STABLE, deployedAt, baselineWindow,
                    variables));
            return s.hasData() && s.value().getAsDouble() > 0 ? s.value().getAsDouble() : null;
        } catch (DependencyUnreachableException e) {
            return null;
        }
    }
}
