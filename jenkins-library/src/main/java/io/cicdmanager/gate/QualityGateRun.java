package io.cicdmanager.gate;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One quality gate run from request to audited result: checks the bypass request against the policy, reads the
 * reports and the baseline, evaluates, applies the bypass, and appends every decision and bypass to the audit log.
 */
public final class QualityGateRun {
    private static final String SOURCE = "cicd gate";

    private final AuditLog audit;
    private final Clock clock;
    private final String actor;

    public QualityGateRun(AuditLog audit, Clock clock, String actor) {
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    /** A request to let named failed gates through, with the reason and the person who approved it. */
    public record BypassRequest(List<String> gates, String reason, String approvedBy) {
        public BypassRequest {
            gates = List.copyOf(gates);
        }
    }

    /** The baseline file to compare delta gates with, and how messages name it. */
    public record BaselineFile(Path path, String name) {
    }

    public GateEvaluation run(GatePolicy policy, List<GivenReports.Request> reports, Path workingDir,
            Optional<BaselineFile> baselineFile, Optional<BypassRequest> bypass) {
        bypass.ifPresent(b -> checkBypass(policy, b));
        GivenReports given = GivenReports.read(reports, workingDir, policy.licenses());
        Optional<Baseline> baseline = baselineFile.map(f -> Baseline.read(f.path(), f.name()));
        GateEvaluation evaluation = GateEvaluator.evaluate(policy, given, baseline);
        if (bypass.isPresent()) {
            evaluation = applyBypass(evaluation, bypass.get());
        }
        for (GateResult g : evaluation.gates()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("metric", g.metric());
            details.put("rule", g.rule());
            details.put("value", g.value() == null ? "none" : g.value());
            details.put("blocking", g.blocking());
            details.put("message", g.message());
            append("gate.decision", actor, g.id(), g.bypass() == null ? null : g.bypass().reason(),
                    g.status().name(), details);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("policy", policy.source());
        summary.put("failed", evaluation.withStatus(GateStatus.FAILED).stream().map(GateResult::id).toList());
        summary.put("bypassed", evaluation.withStatus(GateStatus.BYPASSED).stream().map(GateResult::id).toList());
        summary.put("inactive", evaluation.withStatus(GateStatus.INACTIVE).stream().map(GateResult::id).toList());
        append("gate.result", actor, "quality-gate", null, evaluation.status().name(), summary);
        return evaluation;
    }

    private void checkBypass(GatePolicy policy, BypassRequest request) {
        for (String id : request.gates()) {
            Optional<Boolean> bypassable = policy.bypassable(id);
            if (bypassable.isEmpty()) {
                throw new UsageException("--bypass " + id + ": the policy has no such gate; its gates: "
                        + String.join(", ", policy.gateIds()));
            }
            if (!bypassable.get()) {
                append("gate.bypass", request.approvedBy(), id, request.reason(), "REFUSED",
                        Map.of("requestedBy", actor, "why", "the policy does not mark this gate bypassable"));
                throw new UsageException("--bypass " + id + ": the policy " + policy.source()
                        + " does not let this gate be bypassed (bypassable: false)");
            }
        }
    }

    private GateEvaluation applyBypass(GateEvaluation evaluation, BypassRequest request) {
        GateEvaluation result = evaluation;
        for (String id : request.gates()) {
            GateResult gate = result.gate(id).orElseThrow();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("requestedBy", actor);
            details.put("metric", gate.metric());
            details.put("value", gate.value() == null ? "none" : gate.value());
            details.put("rule", gate.rule());
            if (gate.status() == GateStatus.FAILED) {
                result = result.replace(gate.bypassed(new GateResult.Bypass(request.approvedBy(), request.reason())));
                append("gate.bypass", request.approvedBy(), id, request.reason(), "BYPASSED", details);
            } else {
                details.put("status", gate.status().name());
                append("gate.bypass", request.approvedBy(), id, request.reason(), "NOT_NEEDED", details);
            }
        }
        return result;
    }

    private void append(String action, String who, String target, String reason, String outcome,
            Map<String, Object> details) {
        audit.append(new AuditEntry(clock.instant(), who, SOURCE, action, target, reason, outcome, details));
    }
}
