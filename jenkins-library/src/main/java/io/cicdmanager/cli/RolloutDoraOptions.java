package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.Actors;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraOutcomeRecorder;
import io.cicdmanager.dora.RolloutDeployment;
import io.cicdmanager.model.RolloutOutcomeListener;
import io.cicdmanager.rollout.RolloutSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The DORA options of {@code cicd canary|bluegreen|rolling}: where the deployment is recorded, and what the spec
 * cannot say about it (team, the commit and the commit times of the changes it ships).
 */
final class RolloutDoraOptions extends DoraOptions {
    @Option(names = "--dora-team", paramLabel = "TEAM", order = 104,
            description = "The team that owns the service, for reports per team (default: none).")
    String team;

    @Option(names = "--dora-version", paramLabel = "VERSION", order = 105,
            description = "The version in DORA (default: the image's tag or digest).")
    String version;

    @Option(names = "--dora-commit", paramLabel = "SHA", order = 106,
            description = "The commit deployed (default: $GIT_COMMIT; required when recording).")
    String commit;

    @Option(names = "--dora-commit-time", paramLabel = "ISO", split = ",", order = 107,
            converter = IsoInstantConverter.class,
            description = "Commit time of each change the release ships (repeat, or separate with commas).")
    List<Instant> commitTimes = new ArrayList<>();

    @Option(names = "--dora-commit-times-file", paramLabel = "FILE", order = 108,
            description = "A file with the commit time of each change the release ships, one ISO-8601 time per line"
                    + " (instead of --dora-commit-time, for more changes than a command line holds).")
    String commitTimesFile;

    @Override
    List<String> given() {
        List<String> given = super.given();
        if (team != null) {
            given.add("--dora-team");
        }
        if (version != null) {
            given.add("--dora-version");
        }
        if (commit != null) {
            given.add("--dora-commit");
        }
        if (!commitTimes.isEmpty()) {
            given.add("--dora-commit-time");
        }
        if (commitTimesFile != null) {
            given.add("--dora-commit-times-file");
        }
        return given;
    }

    /**
     * What records the rollout's outcome, or empty when recording is off. Checked before the rollout starts: a
     * bad store value or a missing commit is a usage error now, not a surprise at the end.
     */
    Optional<RolloutOutcomeListener> recorder(CliContext context, RolloutSpec spec) {
        Optional<DoraDatabase> database = store(context);
        if (database.isEmpty()) {
            return Optional.empty();
        }
        String sha = commit != null ? commit : context.getenv("GIT_COMMIT").filter(c -> !c.isBlank()).orElse(null);
        if (sha == null) {
            throw new UsageException("recording this rollout in DORA (" + (db != null ? "--dora-db" : "$"
                    + DoraDatabaseOption.DB_ENV) + ") needs the commit it deploys: give --dora-commit SHA or set "
                    + "$GIT_COMMIT (or --no-dora to record nothing)");
        }
        notBlank("--dora-version", version);
        notBlank("--dora-commit", sha);
        List<Instant> shipped = commitTimes;
        String file = null;
        if (commitTimesFile != null) {
            if (!commitTimes.isEmpty()) {
                throw new UsageException("give --dora-commit-time or --dora-commit-times-file, not both");
            }
            shipped = CommitTimesFile.read(context, "--dora-commit-times-file", commitTimesFile);
            file = context.resolve(commitTimesFile).toString();
        }
        DoraOutcomeRecorder.Release release = new DoraOutcomeRecorder.Release(
                service != null ? service : spec.deployment(), environment != null ? environment : spec.namespace(),
                team, version != null ? version : RolloutDeployment.versionOf(spec.image()), sha, shipped, file,
                Actors.current(context.env()), context.getenv("BUILD_URL").orElse(null));
        return Optional.of(new DoraOutcomeRecorder(release, (what, record, retry) ->
                recordOrWarn(context, commandPath(), database.get(), what, record, retry)));
    }
}
