package io.cicdmanager.gate;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every metric key a gate may name, and the report kinds it is computed from. */
public final class MetricCatalog {
    /** The security score is computed over the findings of these kinds, whichever were given. */
    public static final Set<ReportKind> SECURITY_KINDS = Collections.unmodifiableSet(
            EnumSet.of(ReportKind.SAST, ReportKind.DAST, ReportKind.SCA, ReportKind.SECRETS));
    public static final String SECURITY_SCORE = "security.score";

    private static final Map<String, Set<ReportKind>> METRICS = build();

    private MetricCatalog() {
    }

    private static Map<String, Set<ReportKind>> build() {
        Map<String, Set<ReportKind>> m = new LinkedHashMap<>();
        for (ReportKind k : List.of(ReportKind.COVERAGE, ReportKind.INTEGRATION_COVERAGE)) {
            for (String measure : List.of("line", "branch")) {
                for (String figure : List.of("covered", "total", "percent")) {
                    m.put(k.id() + "." + measure + "." + figure, EnumSet.of(k));
                }
            }
        }
        for (String figure : List.of("total", "passed", "failed", "skipped", "flaky")) {
            m.put("tests." + figure, EnumSet.of(ReportKind.TESTS));
        }
        for (String figure : List.of("total", "killed", "score")) {
            m.put("mutation." + figure, EnumSet.of(ReportKind.MUTATION));
        }
        for (ReportKind k : SECURITY_KINDS) {
            for (String severity : List.of("critical", "high", "medium", "low")) {
                m.put(k.id() + "." + severity, EnumSet.of(k));
            }
        }
        m.put("secrets.count", EnumSet.of(ReportKind.SECRETS));
        for (String figure : List.of("components", "violations", "unknown")) {
            m.put("licenses." + figure, EnumSet.of(ReportKind.LICENSES));
        }
        m.put("load.p95_ms", EnumSet.of(ReportKind.LOAD));
        m.put("load.error_rate", EnumSet.of(ReportKind.LOAD));
        m.put(SECURITY_SCORE, EnumSet.copyOf(SECURITY_KINDS));
        return Collections.unmodifiableMap(m);
    }

    /** The kinds a metric is computed from; empty for a key that is not a metric. */
    public static Optional<Set<ReportKind>> kindsOf(String metric) {
        return Optional.ofNullable(METRICS.get(metric));
    }

    public static Set<String> keys() {
        return METRICS.keySet();
    }
}
