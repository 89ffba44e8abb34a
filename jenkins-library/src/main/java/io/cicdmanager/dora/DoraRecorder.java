package io.cicdmanager.dora;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the engine's own deployments: a promoted rollout is a successful deployment; a canary rolled back or
 * aborted is a failed deployment, restored when traffic was back on stable. Ids derive from the rollout's, so a
 * resumed engine that reports the same ending again records nothing twice.
 */
public final class DoraRecorder {
    /** Appended to a rollout's deployment id to name the restore that ended it. */
    public static final String RESTORE_SUFFIX = "/restore";

    private final DoraStore store;

    public DoraRecorder(DoraStore store) {
        this.store = store;
    }

    /** Records the deployment and, for a failed rollout that was restored, its restore; the results in that order. */
    public List<RecordResult> recordRolloutOutcome(RolloutDeployment rollout) {
        List<RecordResult> results = new ArrayList<>(2);
        Deployment deployment = new Deployment(rollout.id(), rollout.service(), rollout.environment(), rollout.team(),
                rollout.version(), rollout.commitSha(), rollout.commitTimes(), rollout.started(), rollout.finished(),
                rollout.succeeded() ? DeploymentStatus.SUCCESS : DeploymentStatus.FAILURE, rollout.by(),
                rollout.pipelineUrl());
        results.add(store.record(deployment));
        if (!rollout.succeeded() && rollout.restored() != null) {
            results.add(store.record(new Restore(rollout.id() + RESTORE_SUFFIX, rollout.id(), rollout.restored(),
                    RestoreKind.ROLLBACK, rollout.by())));
        }
        return results;
    }

    /**
     * Records that a deployment was rolled back (by {@code autoRollback}, the guard or an operator) at the moment
     * service was back: the deployment counts as failed, and this is its restore.
     */
    public RecordResult recordRollback(String deploymentId, Instant restoredAt, String by) {
        return store.record(new Restore(deploymentId + RESTORE_SUFFIX, deploymentId, restoredAt, RestoreKind.ROLLBACK,
                by));
    }
}
