package io.cicdmanager.rollout;

import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.CommandRejectedException;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.SystemSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers an operator's command to a rollout the same way from every door ({@code cicd abort} and its siblings, the
 * terminal, SSH): onto the record for its engine, audited whether written or refused; or, for a rollout no engine
 * drives any more, a rollback (or abort) carried out at once through {@link OrphanRollback}.
 */
public final class CommandDelivery {
    private final RolloutRecordStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AuditLog audit;

    /** Rolls orphans back on the wall clock: terminals and the command line. */
    public CommandDelivery(RolloutRecordStore store, Clock clock, AuditLog audit) {
        this(store, clock, new SystemSleeper(), audit);
    }

    public CommandDelivery(RolloutRecordStore store, Clock clock, Sleeper sleeper, AuditLog audit) {
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.audit = audit;
    }

    /** What became of a command. */
    public sealed interface Outcome {
    }

    /** Written onto the record; the engine acknowledges {@code command.id()}. */
    public record Written(RolloutCommand command) implements Outcome {
    }

    /** No engine drove the rollout, so it was rolled back here; {@code record} is how it ended up. */
    public record RolledBackHere(RolloutRecord record) implements Outcome {
    }

    /** A command other than a rollback for a rollout whose engine is gone. */
    public static final class OrphanedException extends CommandRejectedException {
        private static final long serialVersionUID = 1L;

        OrphanedException(String message) {
            super(message);
        }
    }

    /**
     * Delivers {@code command} to rollout {@code namespace/name}.
     *
     * @throws CommandRejectedException when there is no such rollout, when the record refuses the command (another
     *         is pending, or the rollout finished; audited), or, as {@link OrphanedException}, when the rollout is
     *         orphaned and the command is not a rollback or abort
     */
    public Outcome deliver(String namespace, String name, RolloutCommand command) {
        String target = namespace + "/" + name;
        Instant now = clock.instant();
        Optional<RolloutRecord> found = store.read(namespace, name);
        if (found.isEmpty()) {
            CommandRejectedException refused = new CommandRejectedException("no rollout " + target);
            audit.append(new AuditEntry(now, command.actor(), command.source(), command.action().wireName(), target,
                    command.reason(), "rejected: " + refused.getMessage(), Map.of("commandId", command.id())));
            throw refused;
        }
        RolloutRecord record = found.get();
        if (record.isOrphaned(now)) {
            if (!command.action().rollsBack()) {
                OrphanedException refused = new OrphanedException("rollout " + target + " is orphaned (no engine "
                        + "heartbeat for " + record.heartbeatAge(now).map(Duration::toSeconds).orElse(-1L) + " s); "
                        + "only a rollback works now");
                audit.append(new AuditEntry(now, command.actor(), command.source(), command.action().wireName(), target,
                        command.reason(), "rejected: " + refused.getMessage(), Map.of("commandId", command.id())));
                throw refused;
            }
            try {
                return new RolledBackHere(new OrphanRollback(store, clock, sleeper, audit).rollBack(record, command.actor(),
                        command.reason(), command.source()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandRejectedException("interrupted while rolling back " + target + "; the record says "
                        + "where it stopped (Aborting): run the rollback again to finish it");
            }
        }
        String action = command.action().wireName();
        try {
            store.writeCommand(namespace, name, command);
        } catch (CommandRejectedException e) {
            audit.append(new AuditEntry(now, command.actor(), command.source(), action, target, command.reason(),
                    "rejected: " + e.getMessage(), Map.of("commandId", command.id())));
            throw e;
        }
        audit.append(new AuditEntry(now, command.actor(), command.source(), action, target, command.reason(),
                "written", Map.of("commandId", command.id())));
        return new Written(command);
    }
}
