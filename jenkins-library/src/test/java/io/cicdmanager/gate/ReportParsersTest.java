package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each format read from a report the real tool wrote (or, where the tool cannot run here, its documented shape). */
class ReportParsersTest {

    @Test
    void jacocoReportTotalsComeFromTheRootCounters() {
        assertThat(Fixtures.read(ReportKind.COVERAGE, "jacoco/calc-jacoco.xml"))
                .isEqualTo(new Measurements.Coverage(8, 11, 4, 8));
        assertThat(Fixtures.format(ReportKind.COVERAGE, "jacoco/calc-jacoco.xml")).isEqualTo(ReportFormat.JACOCO);
    }

    @Test
    void jacocoAggregateReportWithGroupsIsCountedOnce() {
        Measurements m = Fixtures.read(ReportKind.COVERAGE, "jacoco/cicd-manager-aggregate.xml");
        assertThat(m).isEqualTo(new Measurements.Coverage(247, 335, 90, 132));
        assertThat(m.metrics(ReportKind.COVERAGE))
                .containsEntry("coverage.line.percent", new BigDecimal("73.73"))
                .containsEntry("coverage.branch.percent", new BigDecimal("68.18"))
                .containsEntry("coverage.line.total", BigDecimal.valueOf(335));
    }

    @Test
    void coberturaFromCoveragePyCountsClassLines() {
        assertThat(Fixtures.read(ReportKind.COVERAGE, "cobertura/coverage-py.xml"))
                .isEqualTo(new Measurements.Coverage(10, 14, 4, 8));
    }

    @Test
    void lcovFromCoveragePyMatchesItsCoberturaTwin() {
        Measurements lcov = Fixtures.read(ReportKind.INTEGRATION_COVERAGE, "lcov/coverage-py.lcov");
        assertThat(lcov).isEqualTo(new Measurements.Coverage(10, 14, 4, 8));
        assertThat(lcov.metrics(ReportKind.INTEGRATION_COVERAGE))
                .containsEntry("integration-coverage.line.percent", new BigDecimal("71.42"))
                .containsEntry("integration-coverage.branch.percent", new BigDecimal("50.00"));
    }

    @Test
    void surefireRerunsCountTheCasesNotTheWrongHeader() {
        // The header of this real Surefire report says tests="1" failures="1": it has two cases, one of which
        // failed every rerun and one of which passed on the second try.
        assertThat(Fixtures.read(ReportKind.TESTS, "junit/surefire-TEST-calc.FlakyTest.xml"))
                .isEqualTo(new Measurements.Tests(2, 1, 1, 0, 1));
    }

    @Test
    void surefireFailsafePytestGradleAndGoReportsAreCountedCaseByCase() {
        assertThat(Fixtures.read(ReportKind.TESTS, "junit/surefire-TEST-calc.CalculatorTest.xml"))
                .isEqualTo(new Measurements.Tests(4, 4, 0, 0, 0));
        assertThat(Fixtures.read(ReportKind.TESTS, "junit/failsafe-TEST-calc.CalculatorIT.xml"))
                .isEqualTo(new Measurements.Tests(2, 1, 0, 1, 0));
        // pytest: one assertion failure and one setup error both count as failed
        assertThat(Fixtures.read(ReportKind.TESTS, "junit/pytest.xml"))
                .isEqualTo(new Measurements.Tests(6, 3, 2, 1, 0));
        assertThat(Fixtures.read(ReportKind.TESTS, "junit/gradle-TEST-com.example.shop.CartTest.xml"))
                .isEqualTo(new Measurements.Tests(3, 1, 1, 1, 0));
        assertThat(Fixtures.read(ReportKind.TESTS, "junit/go-junit-report.xml"))
                .isEqualTo(new Measurements.Tests(4, 2, 1, 1, 0));
        Measurements own = Fixtures.read(ReportKind.TESTS, "junit/surefire-TEST-io.cicdmanager.config.ConfigReaderTest.xml");
        assertThat(((Measurements.Tests) own).total()).isEqualTo(8);
        assertThat(((Measurements.Tests) own).failed()).isZero();
    }

    @Test
    void pitMutationScoreIsKilledOverAllMutants() {
        Measurements m = Fixtures.read(ReportKind.MUTATION, "pit/mutations.xml");
        assertThat(m).isEqualTo(new Measurements.Mutation(16, 7));
        assertThat(m.metrics(ReportKind.MUTATION)).containsEntry("mutation.score", new BigDecimal("43.75"));
    }

    @Test
    void eslintSarifCountsLevelsAndSkipsTheSuppressedResult() {
        // two errors (high), two warnings (medium); a fifth result is suppressed in source
        assertThat(Fixtures.read(ReportKind.SAST, "sarif/eslint.sarif"))
                .isEqualTo(new Measurements.Findings(0, 2, 2, 0));
    }

    @Test
    void sarifSecuritySeverityUsesGithubBuckets() {
        // 9.3 critical; 8.8 and 7.5 high; 5.0 twice (one suppression was rejected, so it counts) medium;
        // 2.1 and a note low; an accepted suppression and a passing result do not count.
        Measurements m = Fixtures.read(ReportKind.DAST, "sarif/codeql-style.sarif");
        assertThat(m).isEqualTo(new Measurements.Findings(1, 2, 2, 2));
        assertThat(m.metrics(ReportKind.DAST)).containsEntry("dast.critical", BigDecimal.ONE)
                .doesNotContainKey("secrets.count");
    }

    @Test
    void trivyCountsEveryVulnerabilityOfEveryTarget() {
        assertThat(Fixtures.read(ReportKind.SCA, "trivy/trivy-fs.json"))
                .isEqualTo(new Measurements.Findings(1, 2, 1, 1));
        assertThat(Fixtures.format(ReportKind.SCA, "trivy/trivy-fs.json")).isEqualTo(ReportFormat.TRIVY);
    }

    @Test
    void gitleaksFindingsAreCriticalAndCounted() {
        Measurements m = Fixtures.read(ReportKind.SECRETS, "gitleaks/gitleaks-report.json");
        assertThat(m.metrics(ReportKind.SECRETS)).containsEntry("secrets.count", BigDecimal.valueOf(2))
                .containsEntry("secrets.critical", BigDecimal.valueOf(2));
    }

    @Test
    void cycloneDxLicencesAreJudgedWithTheirExpressions() {
        String bom = "cyclonedx/cyclonedx-npm-bom.json";
        Measurements.Licenses open = (Measurements.Licenses) Fixtures.read(ReportKind.LICENSES, bom);
        assertThat(open.components()).isEqualTo(4);
        assertThat(open.violationCount()).isZero();

        Measurements.Licenses noWtfpl = (Measurements.Licenses) Fixtures.read(ReportKind.LICENSES, bom,
                new LicensePolicy(List.of("wtfpl"), List.of()));
        assertThat(noWtfpl.violationCount()).isEqualTo(1);
        assertThat(noWtfpl.violations()).containsExactly("left-pad@1.3.0 (WTFPL)");

        // type-fest is "(MIT OR CC0-1.0)": denying MIT leaves CC0-1.0 to choose
        Measurements.Licenses noMit = (Measurements.Licenses) Fixtures.read(ReportKind.LICENSES, bom,
                new LicensePolicy(List.of("MIT"), List.of()));
        assertThat(noMit.violations()).containsExactly("ms@2.1.3 (MIT)");

        Measurements.Licenses onlyMit = (Measurements.Licenses) Fixtures.read(ReportKind.LICENSES, bom,
                new LicensePolicy(List.of(), List.of("MIT")));
        assertThat(onlyMit.violations()).containsExactly("jsonify@0.0.1 (Public Domain)", "left-pad@1.3.0 (WTFPL)");
        assertThat(onlyMit.metrics(ReportKind.LICENSES)).containsEntry("licenses.violations", BigDecimal.valueOf(2));
    }

    @Test
    void k6SummaryGivesP95AndErrorRateInPercent() {
        Measurements m = Fixtures.read(ReportKind.LOAD, "k6/summary-export.json");
        assertThat(m.metrics(ReportKind.LOAD))
                .containsEntry("load.p95_ms", new BigDecimal("342.87"))
                .containsEntry("load.error_rate", new BigDecimal("1.50"));
    }

    @Test
    void severalRunsOfOneKindMerge() {
        Measurements a = new Measurements.Load(new BigDecimal("120"), new BigDecimal("0.5"));
        Measurements b = new Measurements.Load(new BigDecimal("340.333"), new BigDecimal("0.1"));
        assertThat(a.merge(b).metrics(ReportKind.LOAD)).containsEntry("load.p95_ms", new BigDecimal("340.34"))
                .containsEntry("load.error_rate", new BigDecimal("0.50"));
        Measurements.Licenses l1 = new Measurements.Licenses(2, 1, 0, List.of("a (GPL-3.0-only)"));
        Measurements.Licenses l2 = new Measurements.Licenses(3, 1, 1, List.of("b (AGPL-3.0-only)"));
        assertThat((Measurements.Licenses) l1.merge(l2))
                .isEqualTo(new Measurements.Licenses(5, 2, 1, List.of("a (GPL-3.0-only)", "b (AGPL-3.0-only)")));
        assertThat(new Measurements.Mutation(3, 1).merge(new Measurements.Mutation(1, 1)))
                .isEqualTo(new Measurements.Mutation(4, 2));
        assertThat(new Measurements.Tests(1, 1, 0, 0, 0).merge(new Measurements.Tests(2, 0, 1, 1, 0)))
                .isEqualTo(new Measurements.Tests(3, 1, 1, 1, 0));
    }

    @Test
    void percentagesRoundDownSoRoundingNeverPassesAGate() {
        assertThat(Measurements.percent(79999, 100000)).isEqualByComparingTo("79.99");
        assertThat(Measurements.percent(2, 3)).isEqualByComparingTo("66.66");
        assertThat(Measurements.percent(0, 0)).isNull();
        assertThat(new Measurements.Coverage(0, 0, 0, 0).metrics(ReportKind.COVERAGE))
                .doesNotContainKey("coverage.line.percent").containsEntry("coverage.line.total", BigDecimal.ZERO);
        assertThat(new Measurements.Mutation(0, 0).metrics(ReportKind.MUTATION)).doesNotContainKey("mutation.score");
    }
}
