package io.cicdmanager.kube;

import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;

/**
 * The audit trail of rollouts: each entry goes to the audit log and is mirrored as a Kubernetes Event on the
 * rollout's record. Entries name their target {@code namespace/rollout}.
 */
public final class RecordAuditLog implements AuditLog {
    private final AuditLog log;
    private final RolloutEvents events;

    public RecordAuditLog(AuditLog log, RolloutEvents events) {
        this.log = log;
        this.events = events;
    }

    @Override
    public void append(AuditEntry entry) {
        log.append(entry);
        String target = entry.target();
        int slash = target == null ? -1 : target.indexOf('/');
        if (slash > 0) {
            String message = entry.actor() + ": " + entry.action()
                    + (entry.reason() == null || entry.reason().isEmpty() ? "" : " (" + entry.reason() + ")")
                    + " -> " + entry.outcome();
            boolean warning = entry.outcome() != null
                    && (entry.outcome().contains("rejected") || entry.outcome().contains("RolledBack")
                            || entry.outcome().contains("Failed") || entry.outcome().contains("Aborting"));
            events.emit(target.substring(0, slash), target.substring(slash + 1), entry.action(), message, warning);
        }
    }
}
