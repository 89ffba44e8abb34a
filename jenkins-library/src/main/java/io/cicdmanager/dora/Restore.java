package io.cicdmanager.dora;

import java.time.Instant;

/** A restore event: the moment service was back after a failed deployment, by a rollback or a fix. */
public record Restore(String id, String deploymentId, Instant at, RestoreKind kind, String by) {

    public Restore {
        Events.required(id, "id");
        Events.required(deploymentId, "deployment");
        at = Events.requiredTime(at, "at");
        kind = kind == null ? RestoreKind.ROLLBACK : kind;
        by = Events.optional(by);
    }
}
