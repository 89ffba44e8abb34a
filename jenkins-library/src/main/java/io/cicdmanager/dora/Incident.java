package io.cicdmanager.dora;

import java.time.Instant;

/**
 * An incident event: opened, perhaps resolved, perhaps linked to the deployment that caused it (null when
 * unknown). A later delivery of the same incident may add the resolution or the cause it lacked.
 */
public record Incident(String id, String service, String environment, Instant opened, Instant resolved,
        String causeDeploymentId) {

    public Incident {
        Events.required(id, "id");
        Events.required(service, "service");
        Events.required(environment, "environment");
        opened = Events.requiredTime(opened, "opened");
        resolved = Events.millis(resolved);
        if (resolved != null && resolved.isBefore(opened)) {
            throw new IllegalArgumentException("resolved (" + resolved + ") is before opened (" + opened + ")");
        }
        causeDeploymentId = Events.optional(causeDeploymentId);
    }
}
