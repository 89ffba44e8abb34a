package io.cicdmanager.dora;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where DORA events live: recording is idempotent per event id, and the aggregation a report needs runs in the
 * store, close to the data. Implemented over SQLite and PostgreSQL by {@link JdbcDoraStore}.
 */
public interface DoraStore extends AutoCloseable {

    RecordResult record(Deployment deployment);

    /**
     * Records a deployment whose finish time was not given but taken as the moment of this delivery. A repeated
     * delivery of its id is compared without the finish time and keeps the first one recorded: a retry made later
     * is the same deployment, not a conflict. Any other field that differs is still a conflict.
     */
    RecordResult recordFinishedAtDelivery(Deployment deployment);

    /** Records many deployments in one transaction; the results are in the order given. */
    List<RecordResult> recordAll(Collection<Deployment> deployments);

    RecordResult record(Restore restore);

    RecordResult record(Incident incident);

    Optional<Deployment> deployment(String id);

    List<Restore> restoresOf(String deploymentId);

    Optional<Incident> incident(String id);

    /**
     * The latest deployment of a service to an environment by finish time, optionally only successful ones, other
     * than {@code excludedId} (null for none): a pipeline recording its deployment again must not find itself.
     */
    Optional<Deployment> lastDeployment(String service, String environment, boolean successfulOnly,
            String excludedId);

    /** Every service, environment and team with a deployment in the window, sorted. */
    List<Selection> selections(Window window);

    WindowFigures figures(Selection selection, Window window);

    /** Where the store is, for messages: a file path or host:port/database, never a credential. */
    String location();

    @Override
    void close();
}
