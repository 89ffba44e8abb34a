package io.cicdmanager.gate;

/** A report file format, recognised from the file's content, never from its name. */
public enum ReportFormat {
    JACOCO("JaCoCo XML"),
    COBERTURA("Cobertura XML"),
    LCOV("LCOV"),
    JUNIT("JUnit XML"),
    PIT("PIT mutations.xml"),
    SARIF("SARIF 2.1.0"),
    TRIVY("Trivy JSON"),
    GITLEAKS("gitleaks JSON"),
    CYCLONEDX("CycloneDX JSON"),
    K6("k6 summary JSON");

    private final String displayName;

    ReportFormat(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
