package io.cicdmanager.analysis;

import java.util.Optional;

/** Where pod health comes from (Kubernetes); empty when the track has no pods to judge. */
@FunctionalInterface
public interface PodHealthSource {
    Optional<PodHealth> health(Track track);

    /** For analyses without access to pods: every pod-health check is inconclusive. */
    static PodHealthSource none() {
        return track -> Optional.empty();
    }
}
