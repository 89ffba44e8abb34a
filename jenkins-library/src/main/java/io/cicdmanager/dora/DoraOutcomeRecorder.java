package io.cicdmanager.dora;

import io.cicdmanager.model.RolloutOutcome;
import io.cicdmanager.model.RolloutOutcomeListener;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Records a rollout's ending in the DORA store as the engine reports it: succeeded, a successful deployment;
 * rolled back, aborted or failed, a failed deployment that finished when the rollback began, restored when
 * traffic was back on stable. How the store is opened and what is said when it cannot be used is the caller's
 * {@link Recording}: the rollout's result stands either way.
 */
public final class DoraOutcomeRecorder implements RolloutOutcomeListener {
    /** What the rollout's outcome does not say about the deployment: where it counts, and what it ships. */
    public record Release(String service, String environment, String team, String version, String commit,
            List<Instant> commitTimes, String commitTimesFile, String by, String pipelineUrl) {
        public Release {
            commitTimes = List.copyOf(commitTimes);
        }
    }

    /**
     * Carries out a recording into the store: {@code record} with an open store, {@code what} to name it in a
     * warning, and {@code retry}, the commands that record it by hand when the store cannot be used.
     */
    @FunctionalInterface
    public interface Recording {
        void record(String what, Function<DoraStore, List<RecordResult>> record, String retry);
    }

    private final Release release;
    private final Recording recording;

    public DoraOutcomeRecorder(Release release, Recording recording) {
        this.release = release;
        this.recording = recording;
    }

    @Override
    public void rolloutFinished(RolloutOutcome outcome) {
        RolloutDeployment deployment = deployment(outcome);
        String what = "the rollout's deployment " + deployment.id() + " (" + (deployment.succeeded() ? "success"
                : "failure") + ")";
        recording.record(what, store -> new DoraRecorder(store).recordRolloutOutcome(deployment), retry(deployment));
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
