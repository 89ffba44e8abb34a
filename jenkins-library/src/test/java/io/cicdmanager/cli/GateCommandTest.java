package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class GateCommandTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();

    @TempDir
    Path dir;

    @BeforeEach
    void copyFixtures() throws IOException {
        for (String f : List.of("jacoco/cicd-manager-aggregate.xml", "jacoco/calc-jacoco.xml",
                "junit/surefire-TEST-calc.CalculatorTest.xml", "junit/surefire-TEST-calc.FlakyTest.xml",
                "pit/mutations.xml", "sarif/eslint.sarif", "gitleaks/gitleaks-report.json")) {
            Path target = dir.resolve(f);
            Files.createDirectories(target.getParent());
            Files.copy(FIXTURES.resolve(f), target);
        }
        Files.writeString(dir.resolve("lenient.yaml"), """
                gates:
                  - {id: line, metric: coverage.line.percent, op: ">=", threshold: 70}
                  - {id: tests, metric: tests.failed, op: "==", threshold: 0}
                  - {id: mutation, metric: mutation.score, op: ">=", threshold: 75, blocking: false, bypassable: true}
                  - {id: secrets, metric: secrets.count, op: "==", threshold: 0, bypassable: false}
                  - {id: sast, metric: sast.high, op: "==", threshold: 0, bypassable: true}
                deltaGates:
                  - {id: line-drop, metric: coverage.line.percent, maxDrop: 0.5}
                """);
    }

    private CliRun gate(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "gate";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(dir, Map.of("USER", "jenkins"), all);
    }

    @Test
    void passingGatesExitZeroAndWriteEveryOutput() throws IOException {
        CliRun run = gate("--policy", "lenient.yaml", "--report", "coverage=jacoco/cicd-manager-aggregate.xml",
                "--report", "tests=junit/*CalculatorTest.xml", "--json", "out/gate.json", "--markdown", "out/gate.md",
                "--junit", "out/gate-junit.xml", "--audit-log", "audit/gate.jsonl");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("Quality gate PASSED").contains("INACTIVE mutation")
                .contains("no mutation report given");
        JsonNode json = ObjectMappers.json().readTree(Files.readString(dir.resolve("out/gate.json")));
        assertThat(json.get("status").asString()).isEqualTo("PASSED");
        assertThat(json.get("metrics").get("coverage.line.percent").decimalValue()).isEqualByComparingTo("73.73");
        assertThat(Files.readString(dir.resolve("out/gate.md"))).contains("| ✅ PASSED | line |");
        assertThat(Files.readString(dir.resolve("out/gate-junit.xml"))).contains("<testsuite name=\"quality-gate\"");
        List<String> audit = Files.readAllLines(dir.resolve("audit/gate.jsonl"));
        assertThat(audit).hasSize(7);
        JsonNode first = ObjectMappers.json().readTree(audit.get(0));
        assertThat(first.get("action").asString()).isEqualTo("gate.decision");
        assertThat(first.get("actor").asString()).isEqualTo("jenkins");
        assertThat(first.get("time").asString()).isEqualTo(CliRun.NOW.toString());
        JsonNode last = ObjectMappers.json().readTree(audit.get(6));
        assertThat(last.get("action").asString()).isEqualTo("gate.result");
        assertThat(last.get("outcome").asString()).isEqualTo("PASSED");
    }

    @Test
    void aBlockingFailureExitsOneAndNonBlockingOnlyExitsThree() {
        CliRun failed = gate("--report", "coverage=jacoco/calc-jacoco.xml");
        assertThat(failed.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.out()).contains("FAILED   coverage-line").contains("72.72, needs >= 80");

        CliRun unstable = gate("--policy", "lenient.yaml", "--report", "mutation=pit/mutations.xml");
        assertThat(unstable.exitCode()).isEqualTo(ExitCode.UNSTABLE);
        assertThat(unstable.out()).startsWith("Quality gate UNSTABLE");
    }

    @Test
    void aMissingReportFailsItsGatesClosed() {
        CliRun run = gate("--report", "coverage=target/site/jacoco/jacoco.xml");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("target/site/jacoco/jacoco.xml: file not found");
    }

    @Test
    void aBypassNeedsAReasonAnApproverAndABypassableGate() throws IOException {
        CliRun ok = gate("--policy", "lenient.yaml", "--report", "sast=sarif/eslint.sarif", "--bypass", "sast",
                "--reason", "false positives, see SEC-12", "--approved-by", "alice", "--audit-log", "audit.jsonl",
                "--json", "gate.json");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("BYPASSED sast").contains("bypassed by alice: false positives, see SEC-12");
        JsonNode gate = ObjectMappers.json().readTree(Files.readString(dir.resolve("gate.json"))).get("gates").get(4);
        assertThat(gate.get("status").asString()).isEqualTo("BYPASSED");
        assertThat(gate.get("bypass").get("reason").asString()).isEqualTo("false positives, see SEC-12");
        List<JsonNode> audit = Files.readAllLines(dir.resolve("audit.jsonl")).stream()
                .map(l -> ObjectMappers.json().readTree(l)).toList();
        JsonNode bypass = audit.stream().filter(a -> a.get("action").asString().equals("gate.bypass")).findFirst()
                .orElseThrow();
        assertThat(bypass.get("actor").asString()).isEqualTo("alice");
        assertThat(bypass.get("outcome").asString()).isEqualTo("BYPASSED");
        assertThat(bypass.get("details").get("requestedBy").asString()).isEqualTo("jenkins");

        CliRun notNeeded = gate("--policy", "lenient.yaml", "--report", "mutation=pit/mutations.xml", "--bypass",
                "sast", "--reason", "r", "--approved-by", "bob", "--audit-log", "audit2.jsonl");
        assertThat(notNeeded.exitCode()).isEqualTo(ExitCode.UNSTABLE);
        assertThat(Files.readString(dir.resolve("audit2.jsonl"))).contains("\"outcome\":\"NOT_NEEDED\"");

        CliRun refused = gate("--policy", "lenient.yaml", "--report", "secrets=gitleaks/gitleaks-report.json",
                "--bypass", "secrets", "--reason", "test keys", "--approved-by", "mallory", "--audit-log", "a3.jsonl");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("--bypass secrets: the policy lenient.yaml does not let this gate be"
                + " bypassed");
        assertThat(Files.readString(dir.resolve("a3.jsonl"))).contains("\"outcome\":\"REFUSED\"")
                .contains("\"actor\":\"mallory\"");
    }

    @Test
    void badBypassRequestsAreUsageErrors() {
        assertThat(gate("--report", "sast=sarif/eslint.sarif", "--bypass", "sast-high", "--approved-by", "a").err())
                .contains("--bypass needs --reason TEXT");
        assertThat(gate("--report", "sast=sarif/eslint.sarif", "--bypass", "sast-high", "--reason", "r").err())
                .contains("--bypass needs --approved-by NAME");
        assertThat(gate("--report", "sast=sarif/eslint.sarif", "--reason", "r").err())
                .contains("--reason and --approved-by go with --bypass GATE");
        CliRun unknown = gate("--report", "sast=sarif/eslint.sarif", "--bypass", "nope", "--reason", "r",
                "--approved-by", "a");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("--bypass nope: the policy has no such gate; its gates: coverage-line");
    }

    @Test
    void badUsageExitsTwoWithTheProblemNamed() throws IOException {
        CliRun kind = gate("--report", "coverge=jacoco/calc-jacoco.xml");
        assertThat(kind.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(kind.err()).contains("unknown kind 'coverge'; kinds: coverage, integration-coverage");
        assertThat(gate("--report", "jacoco/calc-jacoco.xml").err()).contains("expected KIND=PATH");
        assertThat(gate("--report", "coverage=").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(gate().err()).contains("Missing required option: '--report=KIND=PATH'");
        Files.writeString(dir.resolve("bad.yaml"), "gates:\n  - {id: a, metric: coverage.lines, op: \">=\", threshold: 1}\n");
        CliRun policy = gate("--policy", "bad.yaml", "--report", "coverage=jacoco/calc-jacoco.xml");
        assertThat(policy.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(policy.err()).contains("bad.yaml:2:").contains("'coverage.lines' is not a metric");
        assertThat(policy.err()).doesNotContain("Exception").doesNotContain("\tat ");
        CliRun missingPolicy = gate("--policy", "none.yaml", "--report", "coverage=jacoco/calc-jacoco.xml");
        assertThat(missingPolicy.err()).contains("none.yaml: file not found");
        Files.createDirectories(dir.resolve("taken"));
        CliRun unwritable = gate("--report", "coverage=jacoco/calc-jacoco.xml", "--json", "taken");
        assertThat(unwritable.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unwritable.err()).contains("--json taken: cannot write");
    }

    @Test
    void deltaGatesReadTheBaseline() throws IOException {
        CliRun first = gate("--policy", "lenient.yaml", "--report", "coverage=jacoco/cicd-manager-aggregate.xml",
                "--json", "prev.json");
        assertThat(first.out()).contains("INACTIVE line-drop").contains("no baseline given");
        Files.writeString(dir.resolve("prev.json"), Files.readString(dir.resolve("prev.json"))
                .replace("\"coverage.line.percent\" : 73.73", "\"coverage.line.percent\" : 80.00"));
        CliRun second = gate("--policy", "lenient.yaml", "--report", "coverage=jacoco/cicd-manager-aggregate.xml",
                "--baseline", "prev.json");
        assertThat(second.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(second.out()).contains("FAILED   line-drop").contains("dropped by 6.27, at most 0.5 allowed");
    }

    @Test
    void helpDescribesKindsAndExitCodes() {
        CliRun help = gate("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--report=KIND=PATH").contains("integration-coverage").contains("INACTIVE")
                .contains("3 unstable");
    }
}
