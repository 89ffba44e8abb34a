package io.cicdmanager.tui.cluster;

import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.CommandAction;
import io.cicdmanager.kube.CommandRejectedException;
import io.cicdmanager.kube.RolloutCommand;
import io.cicdmanager.kube.RolloutRecord;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.rollout.OrphanRollback;
import io.cicdmanager.tui.model.RolloutAction;
import io.cicdmanager.tui.model.RolloutActions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends the screens' commands the way {@code cicd abort} does: onto the rollout's record through the store, as the
 * session's person (name and key fingerprint, or the local user), audited whether written or refused. For a
 * rollout no engine drives any more, a rollback is carried out here, through {@link OrphanRollback}.
 */
public final class RecordActions implements RolloutActions {
    private final RolloutRecordStore store;
    private final Clock clock;
    private final AuditLog audit;
    private final Executor executor;

    /** @param executor where writes run, off the screens' threads */
    public RecordActions(RolloutRecordStore store, Clock clock, AuditLog audit, Executor executor) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Delivery> send(io.cicdmanager.tui.model.RolloutCommand command) {
        return CompletableFuture.supplyAsync(() -> deliver(command), executor);
    }

    private Delivery deliver(io.cicdmanager.tui.model.RolloutCommand command) {
        String ns = command.target().namespace();
        String name = command.target().name();
        String actor = command.actor().display();
        String source = "local".equals(command.actor().fingerprint()) ? "tui" : "ssh";
        CommandAction action = CommandAction.fromWireName(command.action().command());
        Instant now = clock.instant();
        RolloutRecord record = store.read(ns, name).orElseThrow(() -> new CommandRejectedException("no rollout "
                + command.target() + ": its record is gone"));
        if (record.isOrphaned(now)) {
            if (command.action() != RolloutAction.ROLLBACK && command.action() != RolloutAction.ABORT) {
                throw new CommandRejectedException(command.target() + " is orphaned (no engine heartbeat for "
                        + record.heartbeatAge(now).map(Duration::toSeconds).orElse(-1L) + " s); only rollback works");
            }
            RolloutRecord done = new OrphanRollback(store, clock, audit).rollBack(record, actor, command.reason(),
                    source);
            return Delivery.done("no engine drove it, so this terminal rolled it back: "
                    + done.status().phase().wireName() + ", traffic on stable");
        }
        RolloutCommand written = new RolloutCommand(UUID.randomUUID().toString(), action, actor, command.reason(),
                now, source);
        try {
            store.writeCommand(ns, name, written);
        } catch (CommandRejectedException e) {
            audit.append(new AuditEntry(now, actor, source, action.wireName(), command.target().toString(),
                    command.reason(), "rejected: " + e.getMessage(), Map.of("commandId", written.id())));
            throw e;
        }
        audit.append(new AuditEntry(now, actor, source, action.wireName(), command.target().toString(),
                command.reason(), "written", Map.of("commandId", written.id())));
        return Delivery.written();
    }
}
