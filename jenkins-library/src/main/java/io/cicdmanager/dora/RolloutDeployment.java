package io.cicdmanager.dora;

import java.time.Instant;
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
}
