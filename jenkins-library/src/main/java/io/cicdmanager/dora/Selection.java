package io.cicdmanager.dora;

/**
 * Which deployments a report covers: a service, an environment, a team, each null for "any". Also the identity
 * of one row of a per-service report and of one label set in the Prometheus export.
 *
 * <p>A team of null means <em>any</em> team unless {@code withoutTeam} is set: then the selection covers only the
 * deployments recorded without a team. A per-service row of deployments that named no team is such a selection
 * ({@link #row}), so that it is not mixed with every team's deployments of the same service and environment.
 */
public record Selection(String service, String environment, String team, boolean withoutTeam) {
    public static final Selection ALL = new Selection(null, null, null);

    public Selection {
        service = Events.optional(service);
        environment = Events.optional(environment);
        team = Events.optional(team);
        if (withoutTeam && team != null) {
            throw new IllegalArgumentException("a selection without a team cannot name team " + team);
        }
    }

    /** A selection by service, environment and team, each null for "any". */
    public Selection(String service, String environment, String team) {
        this(service, environment, team, false);
    }

    /** Exactly one service, environment and team as recorded: a null team is "no team", not "any team". */
    public static Selection row(String service, String environment, String team) {
        return new Selection(service, environment, team, Events.optional(team) == null);
    }

    /** Whether deployments of this team (null: none) are selected. */
    public boolean coversTeam(String deploymentTeam) {
        String t = Events.optional(deploymentTeam);
        return withoutTeam ? t == null : team == null || team.equals(t);
    }
}
