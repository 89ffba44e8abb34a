package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.SystemSleeper;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Rolls back a rollout that no engine drives any more (its heartbeat is stale), from the spec stored in its record,
 * the way its engine would: {@link RolloutEngine#rollBackOrphan} claims the record and runs the strategy's own
 * {@link Rollback} (traffic to stable first, then the canary or preview scaled down, then the router's artefacts
 * removed), ending RolledBack with the operator as actor. The TUI and {@code cicd rollback} use it; it refuses a
 * rollout whose engine is alive.
 */
public final class OrphanRollback {
    private final RolloutRecordStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AuditLog audit;

    /** Waits between rollback attempts on the wall clock; terminals and the command line use this one. */
    public OrphanRollback(RolloutRecordStore store, Clock clock, AuditLog audit) {
        this(store, clock, new SystemSleeper(), audit);
    }

    public OrphanRollback(RolloutRecordStore store, Clock clock, Sleeper sleeper, AuditLog audit) {
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.audit = audit;
    }

    /** Rolls {@code record} back; returns the record as it ends up. */
    public RolloutRecord rollBack(RolloutRecord record, String actor, String reason, String source)
            throws InterruptedException {
        Instant now = clock.instant();
        if (!record.isOrphaned(now)) {
            throw new UsageException("rollout " + record.qualifiedName() + " is " + (record.status().isTerminal()
                    ? "finished (" + record.status().phase() + ")" : "driven by engine "
                            + record.status().heartbeat().engine() + "; send it a command instead"));
        }
        EngineContext ctx = EngineContext.of(store.client(), null, clock, sleeper, actor,
                "rollback:" + actor + ":" + UUID.randomUUID().toString().substring(0, 8))
                .withStore(store).withAudit(audit).withSource(source);
        return RolloutEngine.rollBackOrphan(record, ctx, actor, "rollback of an orphaned rollout by " + actor
                + (reason == null || reason.isEmpty() ? "" : ": " + reason), null);
    }
}
