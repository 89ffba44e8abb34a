package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.RolloutRecord;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.RolloutStatus;
import io.cicdmanager.kube.Workloads;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rolls back a rollout that no engine drives any more (its heartbeat is stale), from the spec stored in its record:
 * traffic to stable first, then the canary or preview scaled down, then the record marked RolledBack with the
 * operator as actor. The TUI and {@code cicd rollback} use it; it refuses a rollout whose engine is alive.
 */
public final class OrphanRollback {
    private final RolloutRecordStore store;
    private final Clock clock;
    private final AuditLog audit;

    public OrphanRollback(RolloutRecordStore store, Clock clock, AuditLog audit) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
    }

    /** Rolls {@code record} back; returns the record as it ends up. */
    public RolloutRecord rollBack(RolloutRecord record, String actor, String reason, String source) {
        Instant now = clock.instant();
        if (!record.isOrphaned(now)) {
            throw new UsageException("rollout " + record.qualifiedName() + " is " + (record.status().isTerminal()
                    ? "finished (" + record.status().phase() + ")" : "driven by engine "
                            + record.status().heartbeat().engine() + "; send it a command instead"));
        }
        RolloutSpec spec = new RolloutSpecParser().parseText(record.specYaml(), record.qualifiedName() + " spec.yaml");
        RolloutStatus status = record.status();
        Workloads workloads = new Workloads(store.client(), spec.namespace());
        RolloutStatus aborting = status.withPhase(RolloutPhase.ABORTING, "rolling back without an engine: " + reason,
                now, actor, reason);
        store.updateStatus(spec.namespace(), spec.name(), s -> aborting);
        audit(record, actor, reason, source, "transition", RolloutPhase.ABORTING.wireName(), now);
        restoreStableImage(workloads, spec, status.stableImage());
        if (spec.strategy() instanceof StrategySpec.Canary) {
            TrafficRouters.standard().create(spec, store.client()).setWeight(0);
            workloads.scale(spec.canaryDeployment(), 0);
        } else if (spec.strategy() instanceof StrategySpec.BlueGreen bg) {
            Map<String, String> original = BlueGreenStrategy.userSelector(workloads.requireService(bg.activeService()));
            BlueGreenStrategy.stablePodsHash(workloads, spec, status.stableImage()).ifPresent(hash -> {
                Map<String, String> pinned = new LinkedHashMap<>(original);
                pinned.put(Workloads.POD_TEMPLATE_HASH, hash);
                workloads.setSelector(bg.activeService(), pinned);
            });
            BlueGreenStrategy.scaleDownPreview(workloads, spec, bg.activeService(), original);
        } else if (status.release() != null) {
            Deployment d = workloads.require(spec.deployment());
            if (status.release().equals(Workloads.container(d, spec.container()).getImage())) {
                workloads.undo(spec.deployment(), spec.container());
            }
        }
        Instant done = clock.instant();
        RolloutRecord result = store.updateStatus(spec.namespace(), spec.name(), s -> s
                .withWeights(0, 0, null, done)
                .withPhase(RolloutPhase.ROLLED_BACK, "rolled back without an engine by " + actor + ": " + reason, done,
                        actor, reason));
        audit(record, actor, reason, source, "transition", RolloutPhase.ROLLED_BACK.wireName(), done);
        return result;
    }

    /** A rollout orphaned mid-promotion may have moved stable already: put stable's old image back. */
    private static void restoreStableImage(Workloads workloads, RolloutSpec spec, String stableImage) {
        if (stableImage == null || spec.strategy() instanceof StrategySpec.Rolling) {
            return;
        }
        Deployment stable = workloads.require(spec.deployment());
        if (!stableImage.equals(Workloads.container(stable, spec.container()).getImage())) {
            workloads.setImage(spec.deployment(), spec.container(), stableImage);
        }
    }

    private void audit(RolloutRecord record, String actor, String reason, String source, String action, String outcome,
            Instant at) {
        audit.append(new AuditEntry(at, actor, source, action, record.qualifiedName(), reason, outcome,
                Map.of("orphaned", true)));
    }
}
