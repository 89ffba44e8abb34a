package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The less common shapes each format allows, beyond what the fixtures show. */
class FormatEdgeCasesTest {
    @TempDir
    Path dir;

    private Measurements read(ReportKind kind, String content, LicensePolicy policy) throws IOException {
        Path p = dir.resolve("report");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return new ReportReader(policy).read(kind, p, "report").measurements();
    }

    private Measurements read(ReportKind kind, String content) throws IOException {
        return read(kind, content, LicensePolicy.none());
    }

    @Test
    void sarifFindsRulesByIdAcrossComponentsAndReadsResultScores() throws IOException {
        String sarif = """
                {"runs": [{
                  "results": [
                    {"ruleId": "A1", "message": {"text": "rule after results, found by id"}},
                    {"ruleId": "EXT", "rule": {"toolComponent": {"index": 0}}, "message": {"text": "by id in ext"}},
                    {"rule": {"id": "EXT2"}, "message": {"text": "id only under rule, in another component"}},
                    {"ruleId": "nope", "level": "note", "message": {"text": "unknown rule keeps its level"}},
                    {"ruleId": "A1", "properties": {"security-severity": 9.8}, "message": {"text": "own score"}},
                    {"ruleId": "none", "level": "none", "message": {"text": "level none is not counted"}},
                    {"ruleId": "A1", "ruleIndex": 7, "message": {"text": "index out of range, id decides"}},
                    {"ruleId": "A1", "kind": "fail", "suppressions": [{"status": "underReview"}],
                     "message": {"text": "under review still counts"}}
                  ],
                  "tool": {"driver": {"name": "x", "rules": [
                            {"id": "A1", "defaultConfiguration": {"level": "error"}},
                            {"id": "EXT2", "properties": {"security-severity": "bad"}}]},
                           "extensions": [{"name": "e", "rules": [{"id": "EXT", "properties": {"security-severity": "4.0"}}]}]}
                }], "version": "2.1.0"}
                """;
        // A1 error -> high (x3: first, out-of-range index, under review); EXT 4.0 -> medium; EXT2 has an
        // unparsable score, so its (default warning) level decides -> medium; "nope" note -> low; own 9.8 critical
        assertThat(read(ReportKind.SAST, sarif)).isEqualTo(new Measurements.Findings(1, 3, 2, 1));
    }

    @Test
    void sarifWithoutRunsOrToolIsHandled() throws IOException {
        assertThat(read(ReportKind.SAST, "{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{\"level\": \"warning\"}]}]}"))
                .isEqualTo(new Measurements.Findings(0, 0, 1, 0));
        assertThat(read(ReportKind.SAST, "{\"version\": \"2.1.0\", \"runs\": []}")).isEqualTo(Measurements.Findings.NONE);
    }

    @Test
    void trivyCountsMisconfigurationsThatFailAndSecrets() throws IOException {
        String trivy = """
                {"SchemaVersion": 2, "Results": [
                  {"Target": "Dockerfile", "Misconfigurations": [
                     {"ID": "DS002", "Status": "FAIL", "Severity": "HIGH"},
                     {"ID": "DS001", "Status": "PASS", "Severity": "CRITICAL"}],
                   "Secrets": [{"RuleID": "aws-access-key-id", "Severity": "CRITICAL"}],
                   "Vulnerabilities": [{"VulnerabilityID": "CVE-1", "Severity": "UNKNOWN"},
                                       {"VulnerabilityID": "CVE-2"}],
                   "Licenses": [{"Name": "GPL-3.0", "Severity": "HIGH"}]}
                ]}
                """;
        assertThat(read(ReportKind.SCA, trivy)).isEqualTo(new Measurements.Findings(1, 1, 2, 0));
        assertThat(read(ReportKind.SCA, "{\"SchemaVersion\": 2}")).isEqualTo(Measurements.Findings.NONE);
    }

    @Test
    void cycloneDxNestedComponentsUnknownLicencesAndBadExpressions() throws IOException {
        String bom = """
                {"bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": {"component": {"name": "app"}},
                 "components": [
                   {"name": "parent", "version": "1", "licenses": [{"license": {"id": "MIT"}}],
                    "components": [{"name": "child", "licenses": [{"license": {"id": "GPL-3.0-only"}}]}]},
                   {"name": "bare"},
                   {"licenses": [{"expression": "MIT OR"}]},
                   {"name": "two", "licenses": [{"license": {"id": "MIT"}}, {"license": {"name": "Custom EULA"}}]}
                 ]}
                """;
        Measurements.Licenses denyGpl = (Measurements.Licenses) read(ReportKind.LICENSES, bom,
                new LicensePolicy(List.of("GPL-3.0-only"), List.of()));
        assertThat(denyGpl.components()).isEqualTo(5);
        assertThat(denyGpl.unknown()).isEqualTo(1);
        assertThat(denyGpl.violations()).containsExactly("child (GPL-3.0-only)",
                "(unnamed component) (invalid SPDX expression 'MIT OR': ends where a licence was expected)");

        Measurements.Licenses allowMit = (Measurements.Licenses) read(ReportKind.LICENSES, bom,
                new LicensePolicy(List.of(), List.of("MIT")));
        assertThat(allowMit.violations()).contains("bare (no licence declared)", "two (Custom EULA)");
        assertThat(allowMit.violationCount()).isEqualTo(4);
    }

    @Test
    void aLongListOfViolationsIsCountedWhollyAndNamedInPart() throws IOException {
        StringBuilder components = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            components.append(i == 0 ? "" : ",").append("{\"name\": \"c").append(i)
                    .append("\", \"licenses\": [{\"license\": {\"id\": \"AGPL-3.0-only\"}}]}");
        }
        Measurements.Licenses l = (Measurements.Licenses) read(ReportKind.LICENSES, "{\"bomFormat\": \"CycloneDX\","
                + " \"specVersion\": \"1.6\", \"components\": [" + components + "]}",
                new LicensePolicy(List.of("AGPL-3.0-only"), List.of()));
        assertThat(l.violationCount()).isEqualTo(25);
        assertThat(l.violations()).hasSize(Measurements.Licenses.NAMED_VIOLATIONS);
    }

    @Test
    void k6HandleSummaryValuesAndCountsAreRead() throws IOException {
        String handleSummary = """
                {"metrics": {
                   "http_req_duration": {"type": "trend", "values": {"p(95)": 812.4, "avg": 300}},
                   "http_req_failed": {"type": "rate", "values": {"rate": 0.02, "passes": 2, "fails": 98}}},
                 "root_group": {}}
                """;
        assertThat(read(ReportKind.LOAD, handleSummary).metrics(ReportKind.LOAD))
                .containsEntry("load.p95_ms", new BigDecimal("812.40"))
                .containsEntry("load.error_rate", new BigDecimal("2.00"));
        String counts = """
                {"metrics": {"http_req_duration": {"p(95)": "12.5"},
                             "http_req_failed": {"passes": 1, "fails": 2}}}
                """;
        assertThat(read(ReportKind.LOAD, counts).metrics(ReportKind.LOAD))
                .containsEntry("load.error_rate", new BigDecimal("33.34"));
    }

    @Test
    void junitNestedSuitesAndOddCasesAreCounted() throws IOException {
        String junit = """
                <testsuites>
                  <testsuite name="outer">
                    <testsuite name="inner">
                      <testcase name="a"><error message="boom"/><skipped/></testcase>
                      <testcase name="b"><skipped message="xfail"/><system-out>failure</system-out></testcase>
                      <testcase name="c"><flakyError message="x"/></testcase>
                      <testcase name="d"><rerunFailure message="x"/><failure message="x"/></testcase>
                    </testsuite>
                  </testsuite>
                </testsuites>
                """;
        assertThat(read(ReportKind.TESTS, junit)).isEqualTo(new Measurements.Tests(4, 1, 2, 1, 1));
    }

    @Test
    void coberturaIgnoresMethodLinesAndReadsConditions() throws IOException {
        String cobertura = """
                <coverage lines-valid="999" lines-covered="999">
                  <packages><package><classes><class name="A">
                    <methods><method name="m"><lines><line number="1" hits="1"/></lines></method></methods>
                    <lines>
                      <line number="1" hits="1"/>
                      <line number="2" hits="0" branch="true" condition-coverage="0% (0/4)"/>
                      <line number="3" hits="3" branch="false"/>
                    </lines>
                  </class></classes></package></packages>
                </coverage>
                """;
        assertThat(read(ReportKind.COVERAGE, cobertura)).isEqualTo(new Measurements.Coverage(2, 3, 0, 4));
    }

    @Test
    void lcovSummariesStandInForMissingEntriesAndExtraKeysAreIgnored() throws IOException {
        String lcov = "VER:2.0\nTN:unit\nSF:a.c\nFN:1,main\nFNDA:1,main\nFNF:1\nFNH:1\nLF:10\nLH:7\nBRF:4\nBRH:1\n"
                + "end_of_record\nSF:b.c\nDA:1,1.0e+03\nDA:2,0\nBRDA:2,0,0,0\nBRDA:2,0,1,5\nend_of_record\r\n";
        assertThat(read(ReportKind.COVERAGE, lcov)).isEqualTo(new Measurements.Coverage(8, 12, 2, 6));
    }

    @Test
    void pitReportsWithoutTheDetectedAttributeUseTheStatus() throws IOException {
        String pit = "<mutations><mutation status='KILLED'/><mutation status='TIMED_OUT'/>"
                + "<mutation status='SURVIVED'/><mutation/><mutation detected='false' status='KILLED'/></mutations>";
        assertThat(read(ReportKind.MUTATION, pit)).isEqualTo(new Measurements.Mutation(5, 2));
    }

    @Test
    void anEmptyGitleaksReportMeansNoSecrets() throws IOException {
        assertThat(read(ReportKind.SECRETS, "[]").metrics(ReportKind.SECRETS))
                .containsEntry("secrets.count", BigDecimal.ZERO);
    }
}
