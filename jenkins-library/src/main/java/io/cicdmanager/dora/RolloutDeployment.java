package io.cicdmanager.dora;

import io.cicdmanager.model.RolloutOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How a progressive rollout ended, in plain values, for {@link DoraRecorder}: the engine's outcome reduced to what
 * DORA needs. {@code finished} is when the release was judged (promoted, or found bad); {@code restored} is when
 * traffic was back on stable after a failed one (null if it never was, or when it succeeded).
 */
public record RolloutDeployment(String id, String service, String environment, String team, String version,
        String commitSha, List<Instant> commitTimes, Instant started, Instant finished, boolean succeeded,
        Instant restored, String by, String pipelineUrl) {

    public RolloutDeployment {
        commitTimes = commitTimes == null ? List.of() : List.copyOf(commitTimes);
        if (succeeded && restored != null) {
            throw new IllegalArgumentException("a successful rollout has no restore time");
        }
    }

    /**
     * A rollout's ending as a deployment: succeeded, a successful deployment; rolled back, aborted or failed, a
     * failed deployment that finished when the rollback began and was restored when traffic was back on stable.
     * The rest (where it counts, what it ships) is what the outcome does not say.
     */
    public static RolloutDeployment of(RolloutOutcome o, String service, String environment, String team,
            String version, String commitSha, List<Instant> commitTimes, String by, String pipelineUrl) {
        RolloutOutcome.Rollback rollback = o.succeeded() ? null : o.rollback();
        Instant finished = rollback != null ? rollback.started() : o.finished();
        Instant restored = rollback != null ? rollback.trafficOnStable() : null;
        return new RolloutDeployment(id(o.namespace(), o.name(), o.started()), service, environment, team, version,
                commitSha, commitTimes, o.started(), finished, o.succeeded(), restored, by, pipelineUrl);
    }

    /**
     * The deployment id of a rollout: its record's name and start, which a resumed engine keeps, so reporting the
     * same ending again records nothing twice, while a new rollout of the same release is a new deployment.
     */
    public static String id(String namespace, String name, Instant started) {
        return namespace + "/" + name + "@" + started.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The tag of an image ({@code registry:5000/shop:2.4.1} is 2.4.1), its digest, or the image when it has neither. */
    public static String versionOf(String image) {
        int digest = image.indexOf('@');
        if (digest >= 0) {
            return image.substring(digest + 1);
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : image;
    }
}
