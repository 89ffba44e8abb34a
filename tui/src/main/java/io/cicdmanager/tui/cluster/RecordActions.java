package io.cicdmanager.tui.cluster;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.rollout.CommandDelivery;
import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutKey;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends the screens' commands the way {@code cicd abort} does: onto the rollout's record through the store, through
 * the engine's {@link CommandDelivery}: audited whether written or refused, and for a rollout no engine drives any
 * more, a rollback carried out here.
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
    public CompletableFuture<Delivery> send(RolloutKey target, RolloutCommand command) {
        return CompletableFuture.supplyAsync(() -> deliver(target, command), executor);
    }

    private Delivery deliver(RolloutKey target, RolloutCommand command) {
        // Stamped on the cluster's clock, which judges it with the record's heartbeat, whatever the screen's clock.
        RolloutCommand written = new RolloutCommand(command.id(), command.action(), command.actor(), command.reason(),
                clock.instant(), command.source());
        CommandDelivery.Outcome outcome = new CommandDelivery(store, clock, audit)
                .deliver(target.namespace(), target.name(), written);
        if (outcome instanceof CommandDelivery.RolledBackHere here) {
            return Delivery.done("no engine drove it, so this terminal rolled it back: "
                    + here.record().status().phase().wireName() + ", traffic on stable");
        }
        return Delivery.written(written.id());
    }
}
