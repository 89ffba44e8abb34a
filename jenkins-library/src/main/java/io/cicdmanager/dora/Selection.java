package io.cicdmanager.dora;

/**
 * Which deployments a report covers: a service, an environment, a team, each null for "any". Also the identity
 * of one row of a per-service report and of one label set in the Prometheus export.
 */
public record Selection(String service, String environment, String team) {
    public static final Selection ALL = new Selection(null, null, null);

    public Selection {
        service = Events.optional(service);
        environment = Events.optional(environment);
        team = Events.optional(team);
    }
}
