package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class GatePolicyReaderTest {

    private static GatePolicy parse(String yaml) {
        return GatePolicyReader.parse(ConfigReader.read(yaml, "gates.yaml"));
    }

    @Test
    void theDefaultPolicyIsTheDesignsGateMatrix() {
        GatePolicy p = GatePolicyReader.defaultPolicy();
        assertThat(p.gates()).extracting(GatePolicy.Gate::metric).contains("coverage.line.percent",
                "coverage.branch.percent", "integration-coverage.line.percent", "tests.failed", "mutation.score",
                "sast.critical", "sast.high", "dast.critical", "dast.high", "sca.critical", "secrets.count",
                "licenses.violations", "load.p95_ms", "security.score");
        GatePolicy.Gate line = p.gates().get(0);
        assertThat(line).isEqualTo(new GatePolicy.Gate("coverage-line", "coverage.line.percent", Comparison.AT_LEAST,
                new BigDecimal("80"), true, true));
        assertThat(p.gates()).filteredOn(g -> g.id().equals("mutation-score")).singleElement()
                .extracting(GatePolicy.Gate::blocking).isEqualTo(false);
        assertThat(p.gates()).filteredOn(g -> g.id().equals("secrets")).singleElement()
                .extracting(GatePolicy.Gate::bypassable).isEqualTo(false);
        assertThat(p.deltaGates()).hasSize(1);
        assertThat(p.licenses().deny()).contains("GPL-3.0-only", "AGPL-3.0-only");
        assertThat(p.licenses().allow()).isEmpty();
        assertThat(p.bypassable("coverage-line-drop")).contains(true);
        assertThat(p.bypassable("nope")).isEmpty();
        assertThat(p.source()).contains("default-policy.yaml");
    }

    @Test
    void aPolicyFileIsReadWithDefaults() {
        GatePolicy p = parse("""
                gates:
                  - id: cov
                    metric: coverage.line.percent
                    op: ">"
                    threshold: 60.5
                deltaGates:
                  - id: cov-drop
                    metric: coverage.line.percent
                    maxDrop: 0.5
                    bypassable: true
                licenses:
                  allow: [MIT]
                """);
        assertThat(p.gates()).containsExactly(new GatePolicy.Gate("cov", "coverage.line.percent", Comparison.GREATER,
                new BigDecimal("60.5"), true, false));
        assertThat(p.deltaGates()).containsExactly(new GatePolicy.DeltaGate("cov-drop", "coverage.line.percent",
                new BigDecimal("0.5"), true, true));
        assertThat(p.licenses().allow()).containsExactly("MIT");
        assertThat(p.gateIds()).containsExactly("cov", "cov-drop");
    }

    @Test
    void anUnknownMetricNamesFileLineAndField() {
        assertThatThrownBy(() -> parse("gates:\n  - id: a\n    metric: coverage.lines\n    op: \">=\"\n    threshold: 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gates.yaml:3:13: gates[0].metric: 'coverage.lines' is not a metric; metrics: ")
                .hasMessageContaining("coverage.line.percent");
    }

    @Test
    void invalidFieldsAreNamed() {
        assertThatThrownBy(() -> parse("gates:\n  - id: a\n    metric: tests.failed\n    op: \"=>\"\n    threshold: 0\n"))
                .hasMessageStartingWith("gates.yaml:4:9: gates[0].op: '=>' is not one of >=, <=, ==, <, >");
        assertThatThrownBy(() -> parse("gates:\n  - id: a\n    metric: tests.failed\n    op: \"==\"\n    threshold: none\n"))
                .hasMessageContaining("gates[0].threshold: 'none' is not a number");
        assertThatThrownBy(() -> parse("gates:\n  - id: a\n    metric: tests.failed\n    op: \"==\"\n    threshold: 0\n"
                + "    blockng: true\n"))
                .hasMessageContaining("gates[0].blockng: unknown field; known fields here: blocking, bypassable, id");
        assertThatThrownBy(() -> parse("gates:\n  - id: a\n    metric: tests.failed\n    op: \"==\"\n    threshold: 0\n"
                + "  - id: a\n    metric: tests.total\n    op: \">\"\n    threshold: 0\n"))
                .hasMessageContaining("gates.yaml:6:").hasMessageContaining("'a' is used by another gate");
        assertThatThrownBy(() -> parse("gates:\n  - id: 'bad id'\n    metric: tests.failed\n    op: \"==\"\n    threshold: 0\n"))
                .hasMessageContaining("is not a gate id");
        assertThatThrownBy(() -> parse("deltaGates:\n  - id: d\n    metric: coverage.line.percent\n    maxDrop: -1\n"))
                .hasMessageContaining("deltaGates[0].maxDrop: must not be negative");
        assertThatThrownBy(() -> parse("licenses:\n  deny: [GPL-3.0-only]\n"))
                .hasMessageContaining("the policy has no gates");
        assertThatThrownBy(() -> parse("gates: []\nlicences: {}\n"))
                .hasMessageContaining("licences: unknown field");
        assertThatThrownBy(() -> parse("gates:\n  - id: a\n    op: \"==\"\n    threshold: 0\n"))
                .hasMessageContaining("gates[0].metric: is required");
    }
}
