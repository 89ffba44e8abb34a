package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.config.ConfigReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateEvaluatorTest {
    @TempDir
    Path dir;

    private static final GatePolicy POLICY = GatePolicyReader.parse(ConfigReader.read("""
            gates:
              - {id: line, metric: coverage.line.percent, op: ">=", threshold: 80}
              - {id: branch, metric: coverage.branch.percent, op: ">=", threshold: 50, blocking: false}
              - {id: tests, metric: tests.failed, op: "==", threshold: 0}
              - {id: score, metric: security.score, op: ">=", threshold: 90}
              - {id: mutation, metric: mutation.score, op: ">=", threshold: 75, blocking: false}
            deltaGates:
              - {id: line-drop, metric: coverage.line.percent, maxDrop: 1}
            """, "p.yaml"));

    private GivenReports reports(GivenReports.Request... requests) {
        return GivenReports.read(List.of(requests), Fixtures.ROOT, LicensePolicy.none());
    }

    private static GivenReports.Request req(ReportKind kind, String pattern) {
        return new GivenReports.Request(kind, pattern);
    }

    @Test
    void gatesWhoseKindWasNotGivenAreInactiveAndNamedNeverPassed() {
        GateEvaluation e = GateEvaluator.evaluate(POLICY, reports(req(ReportKind.TESTS,
                "junit/surefire-TEST-calc.CalculatorTest.xml")), Optional.empty());
        assertThat(e.status()).isEqualTo(GateEvaluation.Status.PASSED);
        assertThat(e.gate("tests").orElseThrow().status()).isEqualTo(GateStatus.PASSED);
        GateResult line = e.gate("line").orElseThrow();
        assertThat(line.status()).isEqualTo(GateStatus.INACTIVE);
        assertThat(line.message()).isEqualTo("no coverage report given");
        assertThat(e.gate("score").orElseThrow().message()).isEqualTo("no dast, sast, sca or secrets report given");
        assertThat(e.gate("line-drop").orElseThrow().status()).isEqualTo(GateStatus.INACTIVE);
        assertThat(e.withStatus(GateStatus.INACTIVE)).extracting(GateResult::id)
                .containsExactly("line", "branch", "score", "mutation", "line-drop");
    }

    @Test
    void aBrokenReportFailsEveryGateThatNeedsItWithTheParseError() throws IOException {
        Files.writeString(dir.resolve("cut.xml"), "<report><counter type=\"LINE\"");
        GateEvaluation e = GateEvaluator.evaluate(POLICY, GivenReports.read(List.of(req(ReportKind.COVERAGE,
                dir.resolve("cut.xml").toString())), dir, LicensePolicy.none()), Optional.of(baseline("80")));
        assertThat(e.status()).isEqualTo(GateEvaluation.Status.FAILED);
        // with a baseline to compare with, the delta gate fails too; without one it is inactive (below)
        for (String id : List.of("line", "branch", "line-drop")) {
            GateResult g = e.gate(id).orElseThrow();
            assertThat(g.status()).isEqualTo(GateStatus.FAILED);
            assertThat(g.message()).contains("cut.xml:1:").contains("not well-formed XML");
            assertThat(g.value()).isNull();
        }
        assertThat(e.reports()).singleElement().satisfies(r -> assertThat(r.ok()).isFalse());
        assertThat(e.metrics()).isEmpty();
    }

    @Test
    void aMissingFileAndAnEmptyGlobFailClosed() {
        GateEvaluation e = GateEvaluator.evaluate(POLICY, reports(req(ReportKind.COVERAGE, "jacoco/nope.xml"),
                req(ReportKind.TESTS, "junit/none-*.xml")), Optional.empty());
        assertThat(e.gate("line").orElseThrow().message()).isEqualTo("jacoco/nope.xml: file not found");
        assertThat(e.gate("tests").orElseThrow().message()).isEqualTo("junit/none-*.xml: no file matches");
        assertThat(e.status()).isEqualTo(GateEvaluation.Status.FAILED);
    }

    @Test
    void aMetricWithNothingToMeasureFails() throws IOException {
        Files.writeString(dir.resolve("empty-jacoco.xml"), "<report name=\"x\"/>");
        GateEvaluation e = GateEvaluator.evaluate(POLICY, GivenReports.read(List.of(req(ReportKind.COVERAGE,
                "empty-jacoco.xml")), dir, LicensePolicy.none()), Optional.of(new Baseline("b.json",
                java.util.Map.of("coverage.line.percent", BigDecimal.TEN), null)));
        assertThat(e.gate("line").orElseThrow().status()).isEqualTo(GateStatus.FAILED);
        assertThat(e.gate("line").orElseThrow().message()).contains("has no value");
        assertThat(e.gate("line-drop").orElseThrow().status()).isEqualTo(GateStatus.FAILED);
    }

    @Test
    void withoutABaselineTheDeltaGateIsInactiveEvenWhenTheReportIsCorrupt() throws IOException {
        Files.writeString(dir.resolve("corrupt.xml"), "<report name=\"x\"><package");
        GateEvaluation e = GateEvaluator.evaluate(POLICY, GivenReports.read(List.of(req(ReportKind.COVERAGE,
                "corrupt.xml")), dir, LicensePolicy.none()), Optional.empty());
        assertThat(e.gate("line").orElseThrow().status()).as("the gate on the metric fails closed")
                .isEqualTo(GateStatus.FAILED);
        GateResult drop = e.gate("line-drop").orElseThrow();
        assertThat(drop.status()).isEqualTo(GateStatus.INACTIVE);
        assertThat(drop.message()).isEqualTo("no baseline given (--baseline PREVIOUS.json)");
    }

    @Test
    void onlyNonBlockingFailuresMakeItUnstable() {
        GateEvaluation e = GateEvaluator.evaluate(POLICY, reports(req(ReportKind.MUTATION, "pit/mutations.xml")),
                Optional.empty());
        assertThat(e.gate("mutation").orElseThrow().message()).isEqualTo("43.75, needs >= 75");
        assertThat(e.status()).isEqualTo(GateEvaluation.Status.UNSTABLE);
    }

    @Test
    void flakyTestsAreNamedInTheTestsGate() {
        GateEvaluation e = GateEvaluator.evaluate(POLICY, reports(req(ReportKind.TESTS, "junit/surefire-*.xml")),
                Optional.empty());
        assertThat(e.gate("tests").orElseThrow().message())
                .isEqualTo("1, needs == 0; 1 flaky (failed, then passed on a rerun)");
        assertThat(e.metrics()).containsEntry("tests.flaky", BigDecimal.ONE).containsEntry("tests.total",
                BigDecimal.valueOf(14));
    }

    @Test
    void deltaGatesCompareWithTheBaseline() {
        GivenReports given = reports(req(ReportKind.COVERAGE, "jacoco/cicd-manager-aggregate.xml"));
        GateResult within = GateEvaluator.evaluate(POLICY, given, Optional.of(baseline("74.5"))).gate("line-drop")
                .orElseThrow();
        assertThat(within.status()).isEqualTo(GateStatus.PASSED);
        assertThat(within.threshold()).isEqualByComparingTo("73.5");
        assertThat(within.rule()).isEqualTo(">= 73.5 (baseline 74.5 - 1)");
        assertThat(within.message()).isEqualTo("73.73 against 74.5 before: within the allowed drop of 1");

        GateResult dropped = GateEvaluator.evaluate(POLICY, given, Optional.of(baseline("80"))).gate("line-drop")
                .orElseThrow();
        assertThat(dropped.status()).isEqualTo(GateStatus.FAILED);
        assertThat(dropped.message()).isEqualTo("73.73 against 80 before: dropped by 6.27, at most 1 allowed");

        GateResult noMetric = GateEvaluator.evaluate(POLICY, given, Optional.of(new Baseline("b.json",
                java.util.Map.of(), null))).gate("line-drop").orElseThrow();
        assertThat(noMetric.status()).isEqualTo(GateStatus.INACTIVE);
        assertThat(noMetric.message()).isEqualTo("the baseline has no coverage.line.percent");

        GateResult none = GateEvaluator.evaluate(POLICY, given, Optional.empty()).gate("line-drop").orElseThrow();
        assertThat(none.message()).contains("no baseline given");
        assertThat(none.rule()).isEqualTo("drop <= 1");
    }

    @Test
    void anUnreadableBaselineFailsTheDeltaGates() throws IOException {
        GivenReports given = reports(req(ReportKind.COVERAGE, "jacoco/cicd-manager-aggregate.xml"));
        Files.writeString(dir.resolve("broken.json"), "{\"metrics\": {");
        Files.writeString(dir.resolve("other.json"), "[1, 2]");
        Files.writeString(dir.resolve("prev.json"), "{\"metrics\": {\"coverage.line.percent\": 73.00, \"x\": \"y\"}}");
        assertThat(delta(given, Baseline.read(dir.resolve("missing.json"), "missing.json")).message())
                .isEqualTo("missing.json: baseline file not found");
        assertThat(delta(given, Baseline.read(dir.resolve("broken.json"), "broken.json")).message())
                .startsWith("broken.json:1: not valid JSON");
        assertThat(delta(given, Baseline.read(dir.resolve("other.json"), "other.json")).message())
                .isEqualTo("other.json: not a cicd gate result (no \"metrics\" object)");
        Baseline good = Baseline.read(dir.resolve("prev.json"), "prev.json");
        assertThat(good.metrics()).containsOnlyKeys("coverage.line.percent");
        assertThat(delta(given, good).status()).isEqualTo(GateStatus.PASSED);
    }

    private static GateResult delta(GivenReports given, Baseline b) {
        return GateEvaluator.evaluate(POLICY, given, Optional.of(b)).gate("line-drop").orElseThrow();
    }

    private static Baseline baseline(String linePercent) {
        return new Baseline("prev.json", java.util.Map.of("coverage.line.percent", new BigDecimal(linePercent)), null);
    }

    @Test
    void theSecurityScoreCountsEverySecurityReportGiven() {
        GateEvaluation e = GateEvaluator.evaluate(POLICY, reports(req(ReportKind.SAST, "sarif/eslint.sarif")),
                Optional.empty());
        // 2 high (10 each) and 2 medium (1 each): 100 - 22
        assertThat(e.metrics()).containsEntry("security.score", new BigDecimal("78.00"));
        GateEvaluation both = GateEvaluator.evaluate(POLICY, reports(req(ReportKind.SAST, "sarif/eslint.sarif"),
                req(ReportKind.SCA, "trivy/trivy-fs.json")), Optional.empty());
        // plus 1 critical, 2 high, 1 medium, 1 low: 78 - 25 - 20 - 1 - 0.1
        assertThat(both.metrics()).containsEntry("security.score", new BigDecimal("31.90"));
        GateEvaluation broken = GateEvaluator.evaluate(POLICY, reports(req(ReportKind.SAST, "sarif/eslint.sarif"),
                req(ReportKind.SECRETS, "gitleaks/none.json")), Optional.empty());
        assertThat(broken.metrics()).doesNotContainKey("security.score");
        assertThat(broken.gate("score").orElseThrow().status()).isEqualTo(GateStatus.FAILED);
        assertThat(broken.gate("score").orElseThrow().message()).isEqualTo("gitleaks/none.json: file not found");
    }

    @Test
    void securityScoreFormula() {
        assertThat(SecurityScore.of(Measurements.Findings.NONE)).isEqualByComparingTo("100");
        assertThat(SecurityScore.of(new Measurements.Findings(0, 1, 0, 0))).isEqualByComparingTo("90");
        assertThat(SecurityScore.of(new Measurements.Findings(0, 0, 3, 7))).isEqualByComparingTo("96.3");
        assertThat(SecurityScore.of(new Measurements.Findings(5, 0, 0, 0))).isEqualByComparingTo("0");
    }

    @Test
    void licenceOffendersAreNamedInTheLicenceGate() {
        GatePolicy policy = GatePolicyReader.parse(ConfigReader.read("""
                gates:
                  - {id: licenses, metric: licenses.violations, op: "==", threshold: 0}
                licenses:
                  deny: [WTFPL]
                """, "l.yaml"));
        GateEvaluation e = GateEvaluator.evaluate(policy, GivenReports.read(List.of(req(ReportKind.LICENSES,
                "cyclonedx/cyclonedx-npm-bom.json")), Fixtures.ROOT, policy.licenses()), Optional.empty());
        assertThat(e.gate("licenses").orElseThrow().message()).isEqualTo("1, needs == 0; left-pad@1.3.0 (WTFPL)");
    }

    @Test
    void comparisonsHoldAsWritten() {
        BigDecimal one = BigDecimal.ONE;
        BigDecimal two = BigDecimal.valueOf(2);
        assertThat(Comparison.AT_LEAST.holds(two, one)).isTrue();
        assertThat(Comparison.AT_MOST.holds(two, one)).isFalse();
        assertThat(Comparison.EQUAL.holds(new BigDecimal("1.00"), one)).isTrue();
        assertThat(Comparison.LESS.holds(one, two)).isTrue();
        assertThat(Comparison.GREATER.holds(one, one)).isFalse();
        assertThat(Comparison.fromSymbol(" <= ")).contains(Comparison.AT_MOST);
        assertThat(Comparison.fromSymbol("=>")).isEmpty();
    }
}
