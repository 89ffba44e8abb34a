package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.json.ObjectMappers;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

class GateResultWritersTest {
    private static GateResult gate(String id, GateStatus status, boolean blocking, BigDecimal value, String message) {
        return new GateResult(id, "coverage.line.percent", ">=", new BigDecimal("80"), value, blocking, true, status,
                message, null, null, null);
    }

    private static GateEvaluation evaluation() {
        List<GateResult> gates = List.of(
                gate("passed", GateStatus.PASSED, true, new BigDecimal("85.20"), "85.20 >= 80"),
                gate("failed|pipe", GateStatus.FAILED, false, new BigDecimal("70.00"), "70, needs >= 80 <&> \"q\""),
                gate("bypassed", GateStatus.FAILED, true, new BigDecimal("1"), "1, needs >= 80")
                        .bypassed(new GateResult.Bypass("alice", "hotfix for INC-42")),
                gate("inactive", GateStatus.INACTIVE, true, null, "no coverage report given"),
                new GateResult("drop", "coverage.line.percent", ">=", new BigDecimal("84"), new BigDecimal("85.2"),
                        true, false, GateStatus.PASSED, "ok", new BigDecimal("85"), new BigDecimal("1"), null));
        GivenReports.KindReport report = new GivenReports.KindReport(ReportKind.COVERAGE, List.of("jacoco.xml"),
                java.util.Set.of(ReportFormat.JACOCO), new Measurements.Coverage(1, 2, 0, 0), null);
        GivenReports.KindReport broken = new GivenReports.KindReport(ReportKind.TESTS, List.of("t.xml"),
                java.util.Set.of(), null, "t.xml: the file is empty");
        return new GateEvaluation(GateEvaluation.statusOf(gates), gates,
                Map.of("coverage.line.percent", new BigDecimal("85.20"), "tests.flaky", BigDecimal.ONE),
                List.of(report, broken), "default-policy.yaml (built in)", null);
    }

    @Test
    void jsonFollowsTheContract() {
        JsonNode root = ObjectMappers.json().readTree(GateResultWriters.json(evaluation()));
        assertThat(root.get("status").asString()).isEqualTo("UNSTABLE");
        JsonNode first = root.get("gates").get(0);
        assertThat(first.propertyNames()).contains("id", "metric", "op", "threshold", "value", "blocking", "status",
                "message");
        assertThat(first.get("value").decimalValue()).isEqualByComparingTo("85.20");
        assertThat(root.get("gates").get(2).get("status").asString()).isEqualTo("BYPASSED");
        assertThat(root.get("gates").get(2).get("bypass").get("approvedBy").asString()).isEqualTo("alice");
        assertThat(root.get("gates").get(3).get("value").isNull()).isTrue();
        assertThat(root.get("gates").get(4).get("baseline").decimalValue()).isEqualByComparingTo("85");
        assertThat(root.get("metrics").get("tests.flaky").isIntegralNumber()).isTrue();
        assertThat(root.get("reports").get(1).get("error").asString()).isEqualTo("t.xml: the file is empty");
    }

    @Test
    void markdownIsATableWithEscapedCells() {
        String md = GateResultWriters.markdown(evaluation());
        assertThat(md).startsWith("### Quality gate: ⚠️ UNSTABLE")
                .contains("| ❌ FAILED | failed\\|pipe | `coverage.line.percent` | 70 | >= 80 | no |")
                .contains("| ➖ INACTIVE | inactive |")
                .contains("bypassed by alice: hotfix for INC-42")
                .contains("1 flaky tests")
                .contains("tests: 1 file, unreadable: t.xml: the file is empty");
    }

    @Test
    void junitXmlHasOneTestCasePerGate() throws Exception {
        String xml = GateResultWriters.junit(evaluation());
        Document doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(5);
        Element failed = (Element) cases.item(1);
        assertThat(failed.getAttribute("name")).isEqualTo("failed|pipe (coverage.line.percent >= 80)");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("70, needs >= 80 <&> \"q\"");
        assertThat(failure.getAttribute("type")).isEqualTo("non-blocking");
        assertThat(((Element) cases.item(3)).getElementsByTagName("skipped").getLength()).isEqualTo(1);
    }

    @Test
    void textSummaryListsEveryGateAndReport() {
        String text = GateResultWriters.text(evaluation());
        assertThat(text).startsWith("Quality gate UNSTABLE: 2 of 5 gates passed; 1 failed (failed|pipe); 1 bypassed"
                + " (bypassed); 1 inactive (inactive); 1 flaky tests")
                .contains("INACTIVE inactive").contains("[non-blocking]")
                .contains("report coverage: 1 file (JaCoCo XML)");
    }
}
