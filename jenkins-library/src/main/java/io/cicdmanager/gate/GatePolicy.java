package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A quality gate policy: threshold gates, delta gates against a baseline, and the licence lists. */
public record GatePolicy(String source, List<Gate> gates, List<DeltaGate> deltaGates, LicensePolicy licenses) {
    public GatePolicy {
        gates = List.copyOf(gates);
        deltaGates = List.copyOf(deltaGates);
    }

    /** A gate that compares a metric with a fixed threshold. */
    public record Gate(String id, String metric, Comparison op, BigDecimal threshold, boolean blocking,
            boolean bypassable) {
    }

    /**
     * A gate that lets a metric fall by at most {@code maxDrop} below its value in the baseline (the previous
     * build's JSON result); INACTIVE when there is no baseline.
     */
    public record DeltaGate(String id, String metric, BigDecimal maxDrop, boolean blocking, boolean bypassable) {
    }

    /** Whether any gate, plain or delta, has this id, and whether it may be bypassed. */
    public Optional<Boolean> bypassable(String id) {
        for (Gate g : gates) {
            if (g.id().equals(id)) {
                return Optional.of(g.bypassable());
            }
        }
        for (DeltaGate g : deltaGates) {
            if (g.id().equals(id)) {
                return Optional.of(g.bypassable());
            }
        }
        return Optional.empty();
    }

    public List<String> gateIds() {
        List<String> ids = new ArrayList<>();
        gates.forEach(g -> ids.add(g.id()));
        deltaGates.forEach(g -> ids.add(g.id()));
        return ids;
    }
}
