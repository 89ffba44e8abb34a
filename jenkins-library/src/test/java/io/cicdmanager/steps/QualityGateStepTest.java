package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The qualityGate step run in a pipeline against the real engine. */
class QualityGateStepTest extends PipelineTestBase {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();

    @BeforeEach
    void reports() throws IOException {
        copy("junit/surefire-TEST-calc.CalculatorTest.xml", "target/surefire-reports/TEST-calc.CalculatorTest.xml");
        copy("jacoco/calc-jacoco.xml", "low/jacoco.xml");
        copy("pit/mutations.xml", "target/pit-reports/mutations.xml");
        Files.createDirectories(workspaceFile("target/site/jacoco"));
        Files.writeString(workspaceFile("target/site/jacoco/jacoco.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\""
                + " standalone=\"yes\"?><!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\">"
                + "<report name=\"app\"><counter type=\"BRANCH\" missed=\"5\" covered=\"15\"/>"
                + "<counter type=\"LINE\" missed=\"10\" covered=\"90\"/></report>");
    }

    private void copy(String fixture, String target) throws IOException {
        Path to = workspaceFile(target);
        Files.createDirectories(to.getParent());
        Files.copy(FIXTURES.resolve(fixture), to);
    }

    @Test
    void passingGatesReturnTheResultAndPublishEverything() {
        Object result = runPipeline("""
                def gate = qualityGate(reports: [coverage: 'target/site/jacoco/jacoco.xml',
                                                 tests: 'target/surefire-reports/*.xml'])
                return gate
                """);
        Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("status")).isEqualTo("PASSED");
        assertThat(((Map<?, ?>) map.get("metrics")).get("coverage.line.percent").toString()).as("json-lib reads 90.00 as a Double").isEqualTo("90.0");
        List<?> gates = (List<?>) map.get("gates");
        assertThat(gates).extracting(g -> String.valueOf(((Map<?, ?>) g).get("id"))).contains("coverage-line", "tests-pass");
        assertThat(gates).filteredOn(g -> ((Map<?, ?>) g).get("id").equals("sast-high")).singleElement()
                .satisfies(g -> assertThat(((Map<?, ?>) g).get("status")).isEqualTo("INACTIVE"));
        assertThat(junitCalls).singleElement().satisfies(j -> assertThat(j.get("testResults").toString())
                .matches("\\.cicd/qualityGate-[0-9a-f]{8}/quality-gate-junit\\.xml"));
        String dir = junitCalls.get(0).get("testResults").toString().replace("/quality-gate-junit.xml", "");
        assertThat(archivedArtifacts).singleElement().satisfies(a -> assertThat(a.get("artifacts").toString())
                .isEqualTo(dir + "/quality-gate.json," + dir + "/quality-gate.md"));
        assertThat(log).contains("### Quality gate: ✅ PASSED").contains("| ➖ INACTIVE | sast-high |");
        assertThat(engineCalls()).singleElement().asString().startsWith("'gate' '--report'"
                + " 'coverage=target/site/jacoco/jacoco.xml' '--report' 'tests=target/surefire-reports/*.xml'"
                + " '--policy' '" + dir + "/default-policy.yaml'");
        assertThat(workspaceFile(dir + "/quality-gate-junit.xml")).exists();
        assertThat(buildResult()).isNotEqualTo("FAILURE").isNotEqualTo("UNSTABLE");
    }

    @Test
    void callsInParallelBranchesKeepTheirFilesApart() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> results = (Map<String, Map<String, Object>>) runPipeline("""
                def results = [:]
                parallel(
                    legacy: { results.legacy = qualityGate(reports: [coverage: 'low/jacoco.xml'], failOnError: false) },
                    app: { results.app = qualityGate(reports: [coverage: 'target/site/jacoco/jacoco.xml']) })
                return results
                """);
        assertThat(results.get("legacy").get("status")).isEqualTo("FAILED");
        assertThat(results.get("legacy").get("error").toString()).startsWith("quality gate FAILED: coverage-line (72.72");
        assertThat(results.get("app").get("status")).isEqualTo("PASSED");
        assertThat(junitCalls).extracting(j -> j.get("testResults").toString()).doesNotHaveDuplicates().hasSize(2);
        assertThat(buildResult()).isNotEqualTo("FAILURE");
    }

    @Test
    void onlyNonBlockingFailuresMarkTheBuildUnstable() {
        Object result = runPipeline("""
                return qualityGate(reports: [mutation: 'target/pit-reports/mutations.xml'])
                """);
        assertThat(((Map<?, ?>) result).get("status")).isEqualTo("UNSTABLE");
        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(log).contains("WARNING: qualityGate: quality gate UNSTABLE: mutation-score (43.75, needs >= 75)");
    }

    @Test
    void aBlockingFailureFailsTheStepNamingTheGates() {
        assertThatThrownBy(() -> runPipeline("""
                qualityGate(reports: [coverage: 'low/jacoco.xml', tests: 'target/surefire-reports/*.xml'])
                """))
                .isInstanceOf(PipelineError.class)
                .hasMessage("qualityGate: quality gate FAILED: coverage-line (72.72, needs >= 80);"
                        + " coverage-branch (50, needs >= 75)");
        assertThat(buildResult()).isEqualTo("FAILURE");
        // the results are published before the step fails, so the build page shows why
        assertThat(junitCalls).hasSize(1);
        assertThat(log).contains("| ❌ FAILED | coverage-line |");
    }

    @Test
    void anApprovedBypassLetsABypassableGateThroughAndIsAudited() throws IOException {
        Object result = runPipeline("""
                return qualityGate(reports: [coverage: 'low/jacoco.xml'],
                                   bypass: [gate: ['coverage-line', 'coverage-branch'],
                                            reason: 'legacy module, see ADR-7', approvedBy: 'alice'],
                                   auditLog: 'audit/gates.jsonl')
                """);
        Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("status")).isEqualTo("PASSED");
        Map<?, ?> line = (Map<?, ?>) ((List<?>) map.get("gates")).get(0);
        assertThat(line.get("status")).isEqualTo("BYPASSED");
        assertThat(((Map<?, ?>) line.get("bypass")).get("approvedBy")).isEqualTo("alice");
        List<String> audit = Files.readAllLines(workspaceFile("audit/gates.jsonl"));
        assertThat(audit.stream().map(l -> ObjectMappers.json().readTree(l))
                .filter(n -> n.get("action").asString().equals("gate.bypass"))
                .map(n -> n.get("actor").asString() + ":" + n.get("outcome").asString()))
                .containsExactly("alice:BYPASSED", "alice:BYPASSED");
        assertThat(engineCalls().get(0)).contains("'--bypass' 'coverage-line' '--bypass' 'coverage-branch'"
                + " '--reason' 'legacy module, see ADR-7' '--approved-by' 'alice'");
    }

    @Test
    void aBypassOfAGateThePolicyProtectsFailsWithTheEnginesMessage() {
        assertThatThrownBy(() -> runPipeline("""
                qualityGate(reports: [tests: 'target/surefire-reports/*.xml'],
                            bypass: [gate: 'tests-pass', reason: 'flaky', approvedBy: 'bob'])
                """))
                .hasMessageContaining("qualityGate: cicd gate: --bypass tests-pass:")
                .hasMessageContaining("does not let this gate be bypassed");
        assertThat(junitCalls).isEmpty();
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("qualityGate(reprots: [tests: 'x.xml'])", "qualityGate: unknown argument reprots;"
                        + " known arguments: auditLog, baseline, bypass, failOnError, outputDir, policy, reports"),
                Arguments.of("qualityGate(policy: 'gates.yaml')", "qualityGate: missing required argument reports"),
                Arguments.of("qualityGate(reports: 'target/jacoco.xml')", "qualityGate: reports must be a map of"
                        + " KIND: PATH, such as [coverage: 'target/site/jacoco/jacoco.xml', tests:"
                        + " 'target/surefire-reports/*.xml']"),
                Arguments.of("qualityGate(reports: [:])", "qualityGate: reports must be a map of KIND: PATH, such as"
                        + " [coverage: 'target/site/jacoco/jacoco.xml', tests: 'target/surefire-reports/*.xml']"),
                Arguments.of("qualityGate(reports: [tests: ''])",
                        "qualityGate: reports.tests must be a path or a list of paths"),
                Arguments.of("qualityGate(reports: [tests: []])",
                        "qualityGate: reports.tests must be a path or a list of paths"),
                Arguments.of("qualityGate(reports: [tests: 'x'], bypass: 'coverage-line')",
                        "qualityGate: bypass must be a map [gate: ..., reason: ..., approvedBy: ...]"),
                Arguments.of("qualityGate(reports: [tests: 'x'], bypass: [gate: 'a', reason: 'r'])",
                        "qualityGate: missing required bypass field approvedBy: a bypass names the gate, why, and who"
                                + " approved it"),
                Arguments.of("qualityGate(reports: [tests: 'x'], bypass: [gate: 'a', reason: 'r', approvedBy: 'b',"
                        + " ticket: 1, url: 2])", "qualityGate: unknown bypass fields ticket, url; known bypass fields:"
                        + " approvedBy, gate, reason"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsAreRejectedBeforeAnythingRuns(String pipeline, String message) {
        assertThatThrownBy(() -> runPipeline(pipeline)).isInstanceOf(PipelineError.class).hasMessage(message);
        assertThat(shScripts).isEmpty();
        assertThat(buildResult()).isEqualTo("FAILURE");
    }

    @Test
    void anUnknownKindIsTheEnginesUsageError() {
        assertThatThrownBy(() -> runPipeline("qualityGate(reports: [coverge: 'target/site/jacoco/jacoco.xml'])"))
                .hasMessageContaining("qualityGate: cicd gate: --report 'coverge=target/site/jacoco/jacoco.xml':"
                        + " unknown kind 'coverge'; kinds: coverage");
    }

    @Test
    void aMissingReportFailsItsGatesClosed() {
        assertThatThrownBy(() -> runPipeline("""
                qualityGate(reports: [coverage: 'build/jacoco.xml', tests: 'target/surefire-reports/*.xml'])
                """))
                .hasMessage("qualityGate: quality gate FAILED: coverage-line (build/jacoco.xml: file not found);"
                        + " coverage-branch (build/jacoco.xml: file not found)");
    }

    @Test
    void anOwnPolicyABaselineAndTheConfiguredCliAreUsed() throws IOException {
        removeCicdFromPath();
        env().put("CICD_CLI", engineExecutable.toString());
        Files.writeString(workspaceFile("gates.yaml"), """
                gates:
                  - {id: line, metric: coverage.line.percent, op: ">=", threshold: 50}
                deltaGates:
                  - {id: line-drop, metric: coverage.line.percent, maxDrop: 5}
                """);
        Files.writeString(workspaceFile("previous.json"), "{\"metrics\": {\"coverage.line.percent\": 92.5}}");
        Object result = runPipeline("""
                return qualityGate(reports: [coverage: ['target/site/jacoco/jacoco.xml']], policy: 'gates.yaml',
                                   baseline: 'previous.json', outputDir: 'out')
                """);
        Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("status")).isEqualTo("PASSED");
        Map<?, ?> drop = (Map<?, ?>) ((List<?>) map.get("gates")).get(1);
        assertThat(drop.get("status")).isEqualTo("PASSED");
        assertThat(drop.get("baseline").toString()).isEqualTo("92.5");
        assertThat(engineCalls().get(0)).startsWith("'gate'").contains("'--policy' 'gates.yaml'")
                .contains("'--baseline' 'previous.json'").contains("'--json' 'out/quality-gate.json'");
        assertThat(workspaceFile("out/quality-gate.md")).exists();
    }
}
