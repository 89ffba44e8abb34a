package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outcome of a quality gate run: the overall status, every gate's result, every metric and the reports read. */
public record GateEvaluation(Status status, List<GateResult> gates, Map<String, BigDecimal> metrics,
        List<GivenReports.KindReport> reports, String policy, String baseline) {

    /** PASSED; UNSTABLE when only non-blocking gates failed; FAILED when a blocking gate failed. */
    public enum Status {
        PASSED, UNSTABLE, FAILED
    }

    public GateEvaluation {
        gates = List.copyOf(gates);
        metrics = Map.copyOf(metrics);
        reports = List.copyOf(reports);
    }

    /** The status the gates add up to. */
    public static Status statusOf(List<GateResult> gates) {
        boolean unstable = false;
        for (GateResult g : gates) {
            if (g.status() == GateStatus.FAILED) {
                if (g.blocking()) {
                    return Status.FAILED;
                }
                unstable = true;
            }
        }
        return unstable ? Status.UNSTABLE : Status.PASSED;
    }

    public List<GateResult> withStatus(GateStatus status) {
        List<GateResult> out = new ArrayList<>();
        for (GateResult g : gates) {
            if (g.status() == status) {
                out.add(g);
            }
        }
        return out;
    }

    /** The same evaluation with one gate replaced, the status recomputed. */
    public GateEvaluation replace(GateResult gate) {
        List<GateResult> next = new ArrayList<>();
        for (GateResult g : gates) {
            next.add(g.id().equals(gate.id()) ? gate : g);
        }
        return new GateEvaluation(statusOf(next), next, metrics, reports, policy, baseline);
    }

    public Optional<GateResult> gate(String id) {
        return gates.stream().filter(g -> g.id().equals(id)).findFirst();
    }
}
