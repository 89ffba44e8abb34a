package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reports given for one evaluation, read and merged per kind. A kind whose files could not all be read carries
 * the error instead of numbers, so every gate that needs it fails with that message.
 */
public final class GivenReports {
    private final Map<ReportKind, KindReport> kinds;

    private GivenReports(Map<ReportKind, KindReport> kinds) {
        this.kinds = kinds;
    }

    /** One {@code --report KIND=PATH}. */
    public record Request(ReportKind kind, String pattern) {
    }

    /** What one kind's files gave: merged measurements, or the first error met. */
    public record KindReport(ReportKind kind, List<String> files, Set<ReportFormat> formats,
            Measurements measurements, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Reads every requested file; never throws for a bad report, only records it. */
    public static GivenReports read(List<Request> requests, Path workingDir, LicensePolicy licensePolicy) {
        ReportReader reader = new ReportReader(licensePolicy);
        Map<ReportKind, List<String>> files = new EnumMap<>(ReportKind.class);
        Map<ReportKind, Set<ReportFormat>> formats = new EnumMap<>(ReportKind.class);
        Map<ReportKind, Measurements> measured = new EnumMap<>(ReportKind.class);
        Map<ReportKind, String> errors = new EnumMap<>(ReportKind.class);
        for (Request r : requests) {
            files.computeIfAbsent(r.kind(), k -> new ArrayList<>());
            formats.computeIfAbsent(r.kind(), k -> new LinkedHashSet<>());
            if (errors.containsKey(r.kind())) {
                continue;
            }
            List<ReportFiles.Match> matches = ReportFiles.expand(workingDir, r.pattern());
            if (matches.isEmpty()) {
                errors.put(r.kind(), r.pattern() + ": no file matches");
                continue;
            }
            for (ReportFiles.Match m : matches) {
                files.get(r.kind()).add(m.name());
                try {
                    ReportReader.Parsed parsed = reader.read(r.kind(), m.path(), m.name());
                    formats.get(r.kind()).add(parsed.format());
                    measured.merge(r.kind(), parsed.measurements(), Measurements::merge);
                } catch (ReportException e) {
                    errors.put(r.kind(), e.getMessage());
                    break;
                }
            }
        }
        Map<ReportKind, KindReport> kinds = new EnumMap<>(ReportKind.class);
        for (ReportKind k : files.keySet()) {
            String error = errors.get(k);
            kinds.put(k, new KindReport(k, List.copyOf(files.get(k)), Set.copyOf(formats.get(k)),
                    error == null ? measured.get(k) : null, error));
        }
        return new GivenReports(kinds);
    }

    public Optional<KindReport> get(ReportKind kind) {
        return Optional.ofNullable(kinds.get(kind));
    }

    public List<KindReport> all() {
        return List.copyOf(kinds.values());
    }

    /** Every metric the readable reports yield, with {@code security.score} when all security reports read. */
    public Map<String, BigDecimal> metrics() {
        Map<String, BigDecimal> m = new TreeMap<>();
        Measurements.Findings findings = Measurements.Findings.NONE;
        boolean security = false;
        boolean securityComplete = true;
        for (KindReport r : kinds.values()) {
            if (!r.ok()) {
                securityComplete &= !MetricCatalog.SECURITY_KINDS.contains(r.kind());
                continue;
            }
            m.putAll(r.measurements().metrics(r.kind()));
            if (MetricCatalog.SECURITY_KINDS.contains(r.kind())) {
                security = true;
                findings = findings.plus((Measurements.Findings) r.measurements());
            }
        }
        if (security && securityComplete) {
            m.put(MetricCatalog.SECURITY_SCORE, SecurityScore.of(findings));
        }
        return m;
    }
}
