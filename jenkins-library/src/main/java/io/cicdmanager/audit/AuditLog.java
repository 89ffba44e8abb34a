package io.cicdmanager.audit;

/** The append-only audit trail. */
public interface AuditLog {
    void append(AuditEntry entry);

    /** An audit log that keeps nothing, for commands run without {@code --audit-log}. */
    static AuditLog none() {
        return entry -> { };
    }
}
