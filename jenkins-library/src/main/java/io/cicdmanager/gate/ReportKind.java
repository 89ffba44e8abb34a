package io.cicdmanager.gate;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What a report measures, the KIND of {@code --report KIND=PATH}, and which formats may carry it. */
public enum ReportKind {
    COVERAGE(EnumSet.of(ReportFormat.JACOCO, ReportFormat.COBERTURA, ReportFormat.LCOV)),
    INTEGRATION_COVERAGE(EnumSet.of(ReportFormat.JACOCO, ReportFormat.COBERTURA, ReportFormat.LCOV)),
    TESTS(EnumSet.of(ReportFormat.JUNIT)),
    MUTATION(EnumSet.of(ReportFormat.PIT)),
    SAST(EnumSet.of(ReportFormat.SARIF)),
    DAST(EnumSet.of(ReportFormat.SARIF)),
    SCA(EnumSet.of(ReportFormat.TRIVY, ReportFormat.SARIF)),
    SECRETS(EnumSet.of(ReportFormat.GITLEAKS, ReportFormat.SARIF)),
    LICENSES(EnumSet.of(ReportFormat.CYCLONEDX)),
    LOAD(EnumSet.of(ReportFormat.K6));

    private final Set<ReportFormat> formats;

    ReportKind(Set<ReportFormat> formats) {
        this.formats = formats;
    }

    /** The name used on the command line and as the prefix of metric keys, such as {@code integration-coverage}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Set<ReportFormat> formats() {
        return formats;
    }

    public boolean accepts(ReportFormat format) {
        return formats.contains(format);
    }

    /** The formats this kind takes, for messages: "JaCoCo XML, Cobertura XML or LCOV". */
    public String formatList() {
        String[] names = formats.stream().map(ReportFormat::displayName).toArray(String[]::new);
        if (names.length == 1) {
            return names[0];
        }
        return String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or " + names[names.length - 1];
    }

    public static Optional<ReportKind> fromId(String id) {
        for (ReportKind k : values()) {
            if (k.id().equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public static String allIds() {
        return Arrays.stream(values()).map(ReportKind::id).collect(Collectors.joining(", "));
    }
}
