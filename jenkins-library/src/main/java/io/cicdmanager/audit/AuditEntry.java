package io.cicdmanager.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit trail: who did what to which target, why, and how it ended. {@code details} carries the
 * numbers behind a decision (a gate's value and threshold, the check that tripped a rollback).
 */
public record AuditEntry(Instant time, String actor, String source, String action, String target, String reason,
        String outcome, Map<String, Object> details) {

    public AuditEntry {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
