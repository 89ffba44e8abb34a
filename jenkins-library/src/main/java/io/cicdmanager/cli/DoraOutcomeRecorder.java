package io.cicdmanager.cli;

import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraRecorder;
import io.cicdmanager.dora.RolloutDeployment;
import io.cicdmanager.rollout.RolloutOutcome;
import io.cicdmanager.rollout.RolloutOutcomeListener;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Records a rollout's ending in the DORA store as the engine reports it: succeeded, a successful deployment;
 * rolled back, aborted or failed, a failed deployment that finished when the rollback began, restored when
 * traffic was back on stable. A store that cannot be used is a warning: the rollout's result stands.
 */
final class DoraOutcomeRecorder implements RolloutOutcomeListener {
    private final CliContext context;
    private final String command;
    private final DoraDatabase database;
    private final Release release;

    /** What the rollout's outcome does not say about the deployment: where it counts, and what it ships. */
    record Release(String service, String environment, String team, String version, String commit,
            List<Instant> commitTimes, String commitTimesFile, String by, String pipelineUrl) {
        Release {
            commitTimes = List.copyOf(commitTimes);
        }
    }

    DoraOutcomeRecorder(CliContext context, String command, DoraDatabase database, Release release) {
        this.context = context;
        this.command = command;
        this.database = database;
        this.release = release;
    }

    @Override
    public void rolloutFinished(RolloutOutcome outcome) {
        RolloutDeployment deployment = deployment(outcome);
        String what = "the rollout's deployment " + deployment.id() + " (" + (deployment.succeeded() ? "success"
                : "failure") + ")";
        DoraOptions.recordOrWarn(context, command, database, what,
                store -> new DoraRecorder(store).recordRolloutOutcome(deployment), retry(deployment));
    }

    RolloutDeployment deployment(RolloutOutcome o) {
        return RolloutDeployment.of(o, release.service(), release.environment(), release.team(), release.version(),
                release.commit(), release.commitTimes(), release.by(), release.pipelineUrl());
    }

    /**
     * The commands that record by hand what could not be recorded (no store option: use the same store); many
     * commit times are named by the file they came from, not listed.
     */
    private String retry(RolloutDeployment d) {
        StringBuilder sb = new StringBuilder("cicd dora record deployment --id '" + d.id() + "' --service '"
                + d.service() + "' --env '" + d.environment() + "'" + (d.team() == null ? "" : " --team '" + d.team()
                + "'") + " --version '" + d.version() + "' --commit " + d.commitSha());
        if (release.commitTimesFile() != null) {
            sb.append(" --commit-times-file '").append(release.commitTimesFile()).append('\'');
        } else if (!d.commitTimes().isEmpty()) {
            sb.append(" --commit-time ").append(d.commitTimes().stream().map(Instant::toString)
                    .collect(Collectors.joining(",")));
        }
        sb.append(" --started ").append(d.started()).append(" --finished ").append(d.finished())
                .append(" --status ").append(d.succeeded() ? "success" : "failure").append(" --by '").append(d.by())
                .append('\'');
        if (d.restored() != null) {
            sb.append("; cicd dora record restore --id '").append(d.id()).append(DoraRecorder.RESTORE_SUFFIX)
                    .append("' --deployment '").append(d.id()).append("' --at ").append(d.restored());
        }
        return sb.toString();
    }
}
