package io.cicdmanager.kube;

import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit trail of rollouts: each entry goes to the audit log and is mirrored as a Kubernetes Event on the
 * rollout's record, whose message says it in one line ({@code alice (SHA256:…): abort (pager) -> applied: rolling
 * back}) that {@link #read} reads back. Entries name their target {@code namespace/rollout}.
 */
public final class RecordAuditLog implements AuditLog {
    private static final Pattern MIRRORED = Pattern.compile(
            "^(?<actor>.+?): (?<action>[\\w-]+)(?: \\((?<reason>.*)\\))? -> (?<outcome>.*)$", Pattern.DOTALL);

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
            boolean warning = entry.outcome() != null
                    && (entry.outcome().contains("rejected") || entry.outcome().contains("RolledBack")
                            || entry.outcome().contains("Failed") || entry.outcome().contains("Aborting"));
            events.emit(target.substring(0, slash), target.substring(slash + 1), entry.action(), message(entry),
                    warning);
        }
    }

    /** The Event message that mirrors {@code entry}. */
    static String message(AuditEntry entry) {
        return entry.actor() + ": " + entry.action()
                + (entry.reason() == null || entry.reason().isEmpty() ? "" : " (" + entry.reason() + ")")
                + " -> " + entry.outcome();
    }

    /**
     * The entry an Event's {@code message} mirrors, at {@code at} on {@code target}: who, what, why (null when no
     * reason was given) and how it ended; empty when the Event is not one of the audit trail's.
     */
    public static Optional<AuditEntry> read(String target, Instant at, String message) {
        Matcher m = MIRRORED.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AuditEntry(at, m.group("actor"), null, m.group("action"), target, m.group("reason"),
                m.group("outcome"), Map.of()));
    }
}
