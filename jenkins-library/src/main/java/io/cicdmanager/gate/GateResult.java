package io.cicdmanager.gate;

import java.math.BigDecimal;

/**
 * One gate's verdict with the numbers behind it. {@code baseline} and {@code maxDrop} are set for delta gates,
 * {@code bypass} when an approver bypassed the gate.
 */
public record GateResult(String id, String metric, String op, BigDecimal threshold, BigDecimal value, boolean blocking,
        boolean bypassable, GateStatus status, String message, BigDecimal baseline, BigDecimal maxDrop,
        Bypass bypass) {

    /** Who let a failed gate through, and why. */
    public record Bypass(String approvedBy, String reason) {
    }

    public GateResult bypassed(Bypass by) {
        return new GateResult(id, metric, op, threshold, value, blocking, bypassable, GateStatus.BYPASSED,
                "bypassed by " + by.approvedBy() + ": " + by.reason() + " (was: " + message + ")", baseline, maxDrop,
                by);
    }

    /** The rule as a person reads it: {@code >= 80}, or {@code >= 84 (baseline 85 - 1)} for a delta gate. */
    public String rule() {
        if (threshold == null) {
            return maxDrop == null ? op : "drop <= " + plain(maxDrop);
        }
        String rule = op + " " + plain(threshold);
        if (baseline != null) {
            rule += " (baseline " + plain(baseline) + " - " + plain(maxDrop) + ")";
        }
        return rule;
    }

    public static String plain(BigDecimal n) {
        return n == null ? "" : n.stripTrailingZeros().toPlainString();
    }
}
