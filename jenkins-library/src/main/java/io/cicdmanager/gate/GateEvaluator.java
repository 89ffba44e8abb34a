package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a policy's gates against the reports given. A gate whose report kind was not given at all is INACTIVE
 * ("no coverage report given"); a gate whose report was given but could not be read FAILS with the parse error; a
 * metric that cannot be computed (no lines at all, say) FAILS: a gate never passes without a number.
 */
public final class GateEvaluator {
    private GateEvaluator() {
    }

    /** Evaluates every gate; {@code baseline} is empty when none was given. */
    public static GateEvaluation evaluate(GatePolicy policy, GivenReports reports, Optional<Baseline> baseline) {
        Map<String, BigDecimal> metrics = reports.metrics();
        List<GateResult> results = new ArrayList<>();
        for (GatePolicy.Gate g : policy.gates()) {
            results.add(evaluate(g, reports, metrics));
        }
        for (GatePolicy.DeltaGate g : policy.deltaGates()) {
            results.add(evaluate(g, reports, metrics, baseline));
        }
        return new GateEvaluation(GateEvaluation.statusOf(results), results, metrics, reports.all(),
                policy.source(), baseline.map(Baseline::source).orElse(null));
    }

    private static GateResult evaluate(GatePolicy.Gate g, GivenReports reports, Map<String, BigDecimal> metrics) {
        String op = g.op().symbol();
        Optional<String> notJudged = inactiveOrBroken(g.metric(), reports);
        if (notJudged.isPresent()) {
            return result(g, op, g.threshold(), null, statusOfProblem(g.metric(), reports), notJudged.get());
        }
        BigDecimal value = metrics.get(g.metric());
        if (value == null) {
            return result(g, op, g.threshold(), null, GateStatus.FAILED, noValue(g.metric()));
        }
        boolean passed = g.op().holds(value, g.threshold());
        String message = passed
                ? GateResult.plain(value) + " " + op + " " + GateResult.plain(g.threshold())
                : GateResult.plain(value) + ", needs " + op + " " + GateResult.plain(g.threshold());
        message += details(g.metric(), reports, metrics);
        return result(g, op, g.threshold(), value, passed ? GateStatus.PASSED : GateStatus.FAILED, message);
    }

    private static GateResult result(GatePolicy.Gate g, String op, BigDecimal threshold, BigDecimal value,
            GateStatus status, String message) {
        return new GateResult(g.id(), g.metric(), op, threshold, value, g.blocking(), g.bypassable(), status, message,
                null, null, null);
    }

    private static GateResult evaluate(GatePolicy.DeltaGate g, GivenReports reports, Map<String, BigDecimal> metrics,
            Optional<Baseline> baseline) {
        // Without a baseline there is nothing to compare with, whatever the report: the gates on the metric itself
        // fail a broken report.
        if (baseline.isEmpty()) {
            return delta(g, null, null, null, GateStatus.INACTIVE, "no baseline given (--baseline PREVIOUS.json)");
        }
        Optional<String> notJudged = inactiveOrBroken(g.metric(), reports);
        if (notJudged.isPresent()) {
            return delta(g, null, null, null, statusOfProblem(g.metric(), reports), notJudged.get());
        }
        Baseline b = baseline.get();
        if (!b.ok()) {
            return delta(g, null, null, null, GateStatus.FAILED, b.error());
        }
        BigDecimal value = metrics.get(g.metric());
        if (value == null) {
            return delta(g, null, null, null, GateStatus.FAILED, noValue(g.metric()));
        }
        BigDecimal before = b.metrics().get(g.metric());
        if (before == null) {
            return delta(g, value, null, null, GateStatus.INACTIVE, "the baseline has no " + g.metric());
        }
        BigDecimal threshold = before.subtract(g.maxDrop());
        boolean passed = value.compareTo(threshold) >= 0;
        String change = GateResult.plain(value) + " against " + GateResult.plain(before) + " before";
        String message = passed ? change + ": within the allowed drop of " + GateResult.plain(g.maxDrop())
                : change + ": dropped by " + GateResult.plain(before.subtract(value)) + ", at most "
                        + GateResult.plain(g.maxDrop()) + " allowed";
        return delta(g, value, threshold, before, passed ? GateStatus.PASSED : GateStatus.FAILED, message);
    }

    private static GateResult delta(GatePolicy.DeltaGate g, BigDecimal value, BigDecimal threshold, BigDecimal before,
            GateStatus status, String message) {
        return new GateResult(g.id(), g.metric(), ">=", threshold, value, g.blocking(), g.bypassable(), status,
                message, before, g.maxDrop(), null);
    }

    /** Why a metric cannot be judged: none of its kinds given (INACTIVE), or a given one unreadable (FAILED). */
    private static Optional<String> inactiveOrBroken(String metric, GivenReports reports) {
        Set<ReportKind> kinds = MetricCatalog.kindsOf(metric).orElseThrow();
        List<GivenReports.KindReport> given = kinds.stream().map(reports::get).flatMap(Optional::stream).toList();
        if (given.isEmpty()) {
            return Optional.of("no " + kindNames(kinds) + " report given");
        }
        List<String> errors = given.stream().filter(r -> !r.ok()).map(GivenReports.KindReport::error).toList();
        return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
    }

    private static GateStatus statusOfProblem(String metric, GivenReports reports) {
        boolean anyGiven = MetricCatalog.kindsOf(metric).orElseThrow().stream()
                .anyMatch(k -> reports.get(k).isPresent());
        return anyGiven ? GateStatus.FAILED : GateStatus.INACTIVE;
    }

    private static String kindNames(Set<ReportKind> kinds) {
        List<String> ids = kinds.stream().map(ReportKind::id).sorted().collect(Collectors.toList());
        if (ids.size() == 1) {
            return ids.get(0);
        }
        return String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    }

    private static String noValue(String metric) {
        return metric + " has no value: the report has nothing to measure (a total of 0)";
    }

    /** What a person wants to know beside the number: flaky tests, the licence offenders. */
    private static String details(String metric, GivenReports reports, Map<String, BigDecimal> metrics) {
        if (metric.equals("tests.failed") || metric.equals("tests.flaky")) {
            BigDecimal flaky = metrics.get("tests.flaky");
            if (flaky != null && flaky.signum() > 0) {
                return "; " + flaky + " flaky (failed, then passed on a rerun)";
            }
        }
        if (metric.equals("licenses.violations")) {
            Measurements m = reports.get(ReportKind.LICENSES).orElseThrow().measurements();
            List<String> named = ((Measurements.Licenses) m).violations();
            if (!named.isEmpty()) {
                return "; " + String.join("; ", named);
            }
        }
        return "";
    }
}
