package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one report (or several of one kind, merged) measured. Each record knows how to add another file's numbers to
 * its own and which metric keys it yields, so that {@code coverage.line.percent} is computed in exactly one place.
 */
public sealed interface Measurements {

    /** This and {@code other} (of the same type) as one measurement: several files of one kind are merged. */
    Measurements merge(Measurements other);

    /** The metric keys and values for a report of {@code kind}; a value that cannot be computed is left out. */
    Map<String, BigDecimal> metrics(ReportKind kind);

    /**
     * {@code part} of {@code whole} in percent with two decimals, rounded down so that rounding never lifts a value
     * over a threshold; null when there is nothing to measure.
     */
    static BigDecimal percent(long part, long whole) {
        if (whole <= 0) {
            return null;
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.DOWN);
    }

    /** Line and branch coverage counts. */
    record Coverage(long lineCovered, long lineTotal, long branchCovered, long branchTotal) implements Measurements {
        @Override
        public Measurements merge(Measurements other) {
            Coverage o = (Coverage) other;
            return new Coverage(lineCovered + o.lineCovered, lineTotal + o.lineTotal, branchCovered + o.branchCovered,
                    branchTotal + o.branchTotal);
        }

        @Override
        public Map<String, BigDecimal> metrics(ReportKind kind) {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            String p = kind.id();
            m.put(p + ".line.covered", BigDecimal.valueOf(lineCovered));
            m.put(p + ".line.total", BigDecimal.valueOf(lineTotal));
            putIfPresent(m, p + ".line.percent", percent(lineCovered, lineTotal));
            m.put(p + ".branch.covered", BigDecimal.valueOf(branchCovered));
            m.put(p + ".branch.total", BigDecimal.valueOf(branchTotal));
            putIfPresent(m, p + ".branch.percent", percent(branchCovered, branchTotal));
            return m;
        }
    }

    /** Test case outcomes, counted case by case (never from a suite's header). */
    record Tests(long total, long passed, long failed, long skipped, long flaky) implements Measurements {
        @Override
        public Measurements merge(Measurements other) {
            Tests o = (Tests) other;
            return new Tests(total + o.total, passed + o.passed, failed + o.failed, skipped + o.skipped,
                    flaky + o.flaky);
        }

        @Override
        public Map<String, BigDecimal> metrics(ReportKind kind) {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            m.put("tests.total", BigDecimal.valueOf(total));
            m.put("tests.passed", BigDecimal.valueOf(passed));
            m.put("tests.failed", BigDecimal.valueOf(failed));
            m.put("tests.skipped", BigDecimal.valueOf(skipped));
            m.put("tests.flaky", BigDecimal.valueOf(flaky));
            return m;
        }
    }

    /** Mutants generated and killed (detected by a test). */
    record Mutation(long total, long killed) implements Measurements {
        @Override
        public Measurements merge(Measurements other) {
            Mutation o = (Mutation) other;
            return new Mutation(total + o.total, killed + o.killed);
        }

        @Override
        public Map<String, BigDecimal> metrics(ReportKind kind) {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            m.put("mutation.total", BigDecimal.valueOf(total));
            m.put("mutation.killed", BigDecimal.valueOf(killed));
            putIfPresent(m, "mutation.score", percent(killed, total));
            return m;
        }
    }

    /** Security findings by severity (SAST, DAST, SCA, secrets). */
    record Findings(long critical, long high, long medium, long low) implements Measurements {
        public static final Findings NONE = new Findings(0, 0, 0, 0);

        public long count() {
            return critical + high + medium + low;
        }

        public Findings plus(Findings o) {
            return new Findings(critical + o.critical, high + o.high, medium + o.medium, low + o.low);
        }

        @Override
        public Measurements merge(Measurements other) {
            return plus((Findings) other);
        }

        @Override
        public Map<String, BigDecimal> metrics(ReportKind kind) {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            String p = kind.id();
            m.put(p + ".critical", BigDecimal.valueOf(critical));
            m.put(p + ".high", BigDecimal.valueOf(high));
            m.put(p + ".medium", BigDecimal.valueOf(medium));
            m.put(p + ".low", BigDecimal.valueOf(low));
            if (kind == ReportKind.SECRETS) {
                m.put("secrets.count", BigDecimal.valueOf(count()));
            }
            return m;
        }
    }

    /**
     * Components of a software bill of materials checked against the licence policy; {@code violations} names the
     * first offenders for the gate's message.
     */
    record Licenses(long components, long violationCount, long unknown, List<String> violations)
            implements Measurements {
        /** How many offenders a message names; the count is always complete. */
        public static final int NAMED_VIOLATIONS = 10;

        public Licenses {
            violations = List.copyOf(violations.subList(0, Math.min(violations.size(), NAMED_VIOLATIONS)));
        }

        @Override
        public Measurements merge(Measurements other) {
            Licenses o = (Licenses) other;
            List<String> names = new ArrayList<>(violations);
            names.addAll(o.violations);
            return new Licenses(components + o.components, violationCount + o.violationCount, unknown + o.unknown,
                    names);
        }

        @Override
        public Map<String, BigDecimal> metrics(ReportKind kind) {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            m.put("licenses.components", BigDecimal.valueOf(components));
            m.put("licenses.violations", BigDecimal.valueOf(violationCount));
            m.put("licenses.unknown", BigDecimal.valueOf(unknown));
            return m;
        }
    }

    /**
     * A load test's 95th percentile latency in milliseconds and its failed-request share in percent; several runs
     * merge to the worst of each.
     */
    record Load(BigDecimal p95Ms, BigDecimal errorRatePercent) implements Measurements {
        @Override
        public Measurements merge(Measurements other) {
            Load o = (Load) other;
            return new Load(p95Ms.max(o.p95Ms), errorRatePercent.max(o.errorRatePercent));
        }

        @Override
        public Map<String, BigDecimal> metrics(ReportKind kind) {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            m.put("load.p95_ms", p95Ms.setScale(2, RoundingMode.UP));
            m.put("load.error_rate", errorRatePercent.setScale(2, RoundingMode.UP));
            return m;
        }
    }

    private static void putIfPresent(Map<String, BigDecimal> m, String key, BigDecimal value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
