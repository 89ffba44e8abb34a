package io.cicdmanager.dora;

import java.time.Instant;
import java.util.List;

/**
 * A deployment event: one release of a service to an environment, with the commit times of the changes it ships.
 * Team, start, author and pipeline URL are optional (null). Commit times are kept sorted, so two deliveries of
 * the same deployment compare equal whatever order their commits were listed in; none may be after the finish.
 */
public record Deployment(String id, String service, String environment, String team, String version,
        String commitSha, List<Instant> commitTimes, Instant started, Instant finished, DeploymentStatus status,
        String by, String pipelineUrl) {

    public Deployment {
        Events.required(id, "id");
        Events.required(service, "service");
        Events.required(environment, "environment");
        team = Events.optional(team);
        Events.required(version, "version");
        Events.required(commitSha, "commit");
        commitTimes = commitTimes == null ? List.of()
                : commitTimes.stream().map(Events::millis).sorted().toList();
        started = Events.millis(started);
        finished = Events.requiredTime(finished, "finished");
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (started != null && started.isAfter(finished)) {
            throw new IllegalArgumentException("started (" + started + ") is after finished (" + finished + ")");
        }
        // A change cannot ship before it was committed: such a time is a mistake (a wrong --finished, or a clock or
        // time zone off), and taken silently it would drop the change from lead time.
        if (!commitTimes.isEmpty() && commitTimes.get(commitTimes.size() - 1).isAfter(finished)) {
            throw new IllegalArgumentException("a commit time (" + commitTimes.get(commitTimes.size() - 1)
                    + ") is after finished (" + finished + "): a change ships after it is committed");
        }
        by = Events.optional(by);
        pipelineUrl = Events.optional(pipelineUrl);
    }

    public boolean succeeded() {
        return status == DeploymentStatus.SUCCESS;
    }
}
