package io.cicdmanager.dora;

import io.cicdmanager.DependencyUnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The DORA store over JDBC, on SQLite or PostgreSQL with the same SQL. Inserts are {@code ON CONFLICT DO NOTHING}
 * so that concurrent deliveries of one event cannot both win; a second delivery is compared with what is stored.
 * Synchronized: one connection, shared by the threads of a metrics server.
 */
public final class JdbcDoraStore implements DoraStore {
    /** Selections with at most this many changes are read whole; larger ones are walked in the lead-time index. */
    public static final long DEFAULT_STREAM_LIMIT = 200_000;
    private static final String MIGRATIONS = "classpath:io/cicdmanager/dora/migration";
    private static final String HISTORY_TABLE = "dora_schema_history";
    private static final int BATCH = 1_000;
    /** The first key of this store's PostgreSQL advisory locks ("DORA"); the second is a bucket of deployment ids. */
    private static final int LOCK_CLASS = 0x444F5241;
    /** Deployment ids share this many lock buckets: a batch of a million deployments takes at most 1 024 locks. */
    private static final int LOCK_BUCKETS = 1_024;

    private static final String DEPLOYMENT_COLUMNS = "id, service, environment, team, version, commit_sha, "
            + "started_at, finished_at, status, deployed_by, pipeline_url";

    private final DoraDatabase database;
    private final Connection connection;
    private final long streamLimit;

    private JdbcDoraStore(DoraDatabase database, Connection connection, long streamLimit) {
        this.database = database;
        this.connection = connection;
        this.streamLimit = streamLimit;
    }

    /** Opens the store, creating the SQLite file's directory and migrating the schema as needed. */
    public static JdbcDoraStore open(DoraDatabase database) {
        return open(database, DEFAULT_STREAM_LIMIT);
    }

    /**
     * Opens a store that something has recorded into, for reading: a SQLite file that does not exist, or a database
     * without the DORA schema, is refused ({@link NoStoreException}) rather than created, so that a mistyped path
     * says so instead of reporting an empty store.
     */
    public static JdbcDoraStore openExisting(DoraDatabase database) {
        if (database.vendor() == DoraDatabase.Vendor.SQLITE && !Files.isRegularFile(Path.of(database.location()))) {
            throw new NoStoreException(database, Files.isDirectory(Path.of(database.location()))
                    ? "it is a directory" : "no such file");
        }
        if (!hasSchema(database)) {
            throw new NoStoreException(database, "nothing has been recorded there (no DORA tables)");
        }
        return open(database, DEFAULT_STREAM_LIMIT);
    }

    /** A store that a reading command was pointed at but that does not exist: a usage error naming the place. */
    public static final class NoStoreException extends io.cicdmanager.UsageException {
        private static final long serialVersionUID = 1L;

        NoStoreException(DoraDatabase database, String why) {
            super("no DORA store at " + database.location() + ": " + why + "; check the path (only recording, "
                    + "cicd dora record or a rollout with --dora-db, creates a store)");
        }
    }

    private static boolean hasSchema(DoraDatabase database) {
        try {
            return Flyway.configure(JdbcDoraStore.class.getClassLoader())
                    .dataSource(database.jdbcUrl(), database.user(), database.password())
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    .load()
                    .info()
                    .applied().length > 0;
        } catch (FlywayException e) {
            throw unreachable(database, e);
        }
    }

    /** As {@link #open(DoraDatabase)}, with the size above which lead-time percentiles come from the index. */
    public static JdbcDoraStore open(DoraDatabase database, long streamLimit) {
        if (database.vendor() == DoraDatabase.Vendor.SQLITE) {
            createParentDirectory(database);
        }
        migrate(database);
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(database.jdbcUrl(), credentials(database));
            if (database.vendor() == DoraDatabase.Vendor.SQLITE) {
                try (Statement s = connection.createStatement()) {
                    // WAL lets a report read while a pipeline records; the timeout makes writers queue, not fail.
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA busy_timeout=10000");
                    s.execute("PRAGMA synchronous=NORMAL");
                    // 64 MB of page cache: index pages of a large store stay in memory across a report's queries.
                    s.execute("PRAGMA cache_size=-65536");
                }
            }
            connection.setAutoCommit(false);
            return new JdbcDoraStore(database, connection, streamLimit);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw unreachable(database, e);
        }
    }

    private static void createParentDirectory(DoraDatabase database) {
        Path parent = Path.of(database.location()).getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new DependencyUnreachableException("cannot create the directory of the DORA store "
                    + database.location() + ": " + e, e);
        }
    }

    private static void migrate(DoraDatabase database) {
        try {
            Flyway.configure(JdbcDoraStore.class.getClassLoader())
                    .dataSource(database.jdbcUrl(), database.user(), database.password())
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(false)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw unreachable(database, e);
        }
    }

    private static Properties credentials(DoraDatabase database) {
        Properties properties = new Properties();
        if (database.user() != null) {
            properties.setProperty("user", database.user());
        }
        if (database.password() != null) {
            properties.setProperty("password", database.password());
        }
        return properties;
    }

    /** Names the store and the cause, never the password (it is masked should a driver echo it). */
    static DependencyUnreachableException unreachable(DoraDatabase database, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (database.password() != null && !database.password().isEmpty()) {
            cause = cause.replace(database.password(), "****");
        }
        return new DependencyUnreachableException("cannot use the DORA store at " + database.location() + ": "
                + cause.strip(), e);
    }

    private DependencyUnreachableException failed(SQLException e) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
        }
        return unreachable(database, e);
    }

    @Override
    public String location() {
        return database.location();
    }

    // ---- recording ---------------------------------------------------------------------------------------

    @Override
    public synchronized RecordResult record(Deployment deployment) {
        return recordAll(List.of(deployment)).get(0);
    }

    @Override
    public synchronized RecordResult recordFinishedAtDelivery(Deployment deployment) {
        return recordAll(List.of(deployment), false).get(0);
    }

    @Override
    public synchronized List<RecordResult> recordAll(Collection<Deployment> deployments) {
        return recordAll(deployments, true);
    }

    private List<RecordResult> recordAll(Collection<Deployment> deployments, boolean compareFinished) {
        List<Deployment> all = List.copyOf(deployments);
        return transaction(() -> {
            // Every id's lock at once, in bucket order: locks taken batch by batch could cross another's.
            lockDeployments(all.stream().map(Deployment::id).toList());
            List<RecordResult> results = new ArrayList<>(all.size());
            for (int from = 0; from < all.size(); from += BATCH) {
                results.addAll(insertBatch(all.subList(from, Math.min(all.size(), from + BATCH)), compareFinished));
            }
            return results;
        });
    }

    private List<RecordResult> insertBatch(List<Deployment> batch, boolean compareFinished) throws SQLException {
        int[] inserted;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dora_deployment ("
                + DEPLOYMENT_COLUMNS + ", succeeded, counted_changes, failed)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
            for (Deployment d : batch) {
                insert.setString(1, d.id());
                insert.setString(2, d.service());
                insert.setString(3, d.environment());
                insert.setString(4, d.team());
                insert.setString(5, d.version());
                insert.setString(6, d.commitSha());
                setTime(insert, 7, d.started());
                setTime(insert, 8, d.finished());
                insert.setString(9, d.status().label());
                insert.setString(10, d.by());
                insert.setString(11, d.pipelineUrl());
                insert.setInt(12, d.succeeded() ? 1 : 0);
                insert.setInt(13, (int) d.commitTimes().stream().filter(t -> countedLead(d, t) != null).count());
                insert.setInt(14, d.succeeded() ? 0 : 1);
                insert.addBatch();
            }
            inserted = insert.executeBatch();
        }
        List<RecordResult> results = new ArrayList<>(batch.size());
        try (PreparedStatement change = connection.prepareStatement("INSERT INTO dora_change (deployment_id, "
                + "ordinal, commit_time, service, environment, team, finished_at, lead_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < batch.size(); i++) {
                Deployment d = batch.get(i);
                if (inserted[i] == 1) {
                    addChanges(change, d);
                    results.add(RecordResult.of(d.id(), RecordOutcome.RECORDED));
                } else {
                    results.add(null);
                }
            }
            change.executeBatch();
        }
        List<String> insertedIds = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) != null) {
                insertedIds.add(batch.get(i).id());
            }
        }
        for (String id : alreadyRestoredOrBlamed(insertedIds)) {
            refreshFailure(id);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) == null) {
                Deployment d = batch.get(i);
                Deployment stored = findDeployment(d.id()).orElseThrow(
                        () -> new SQLException("deployment " + d.id() + " was neither inserted nor found"));
                results.set(i, compare(d.id(), "deployment", differences(stored, d, compareFinished)));
            }
        }
        return results;
    }

    private static void addChanges(PreparedStatement change, Deployment d) throws SQLException {
        int ordinal = 0;
        for (Instant commitTime : d.commitTimes()) {
            change.setString(1, d.id());
            change.setInt(2, ordinal++);
            change.setLong(3, commitTime.toEpochMilli());
            change.setString(4, d.service());
            change.setString(5, d.environment());
            change.setString(6, d.team());
            change.setLong(7, d.finished().toEpochMilli());
            setLong(change, 8, countedLead(d, commitTime));
            change.addBatch();
        }
    }

    /**
     * On PostgreSQL, locks these deployment ids until the transaction ends. A deployment and a restore or incident
     * of it recorded at the same time by two connections would otherwise each miss the other's uncommitted row
     * under READ COMMITTED, and the deployment would never count as failed. With the lock the second waits for the
     * first to commit and then sees it. Ids hash to a fixed number of buckets, taken in order; a transaction takes
     * its locks before it writes any row, so two never wait for each other. SQLite needs nothing: its writers are serialized by the database lock.
     */
    private void lockDeployments(List<String> ids) throws SQLException {
        if (database.vendor() != DoraDatabase.Vendor.POSTGRESQL || ids.isEmpty()) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT count(pg_advisory_xact_lock(?, bucket))"
                + " FROM (SELECT DISTINCT hashtext(id) & ? AS bucket FROM unnest(?) AS ids(id) ORDER BY bucket) b")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, LOCK_BUCKETS - 1);
            lock.setArray(3, connection.createArrayOf("text", ids.toArray()));
            lock.executeQuery().close();
        }
    }

    /** Of these new deployments, those a restore or an incident delivered earlier already refers to. */
    private List<String> alreadyRestoredOrBlamed(List<String> ids) throws SQLException {
        List<String> found = new ArrayList<>();
        if (ids.isEmpty()) {
            return found;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement("SELECT deployment_id FROM dora_restore"
                + " WHERE deployment_id IN (" + marks + ") UNION SELECT cause_deployment_id FROM dora_incident"
                + " WHERE cause_deployment_id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
                select.setString(ids.size() + i + 1, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * Recomputes a deployment's derived failure columns from its restores and incidents: it failed if its status
     * says so, if it was restored or if it caused an incident; it was restored at the earliest restore, or
     * resolution of an incident it caused, at or after its finish. Nothing happens if it is not recorded yet.
     */
    private void refreshFailure(String deploymentId) throws SQLException {
        long finished;
        boolean failed;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT finished_at, succeeded FROM dora_deployment WHERE id = ?")) {
            select.setString(1, deploymentId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                finished = rs.getLong(1);
                failed = rs.getInt(2) == 0;
            }
        }
        Long restored = null;
        try (PreparedStatement select = connection.prepareStatement("SELECT restored_at FROM dora_restore"
                + " WHERE deployment_id = ? UNION ALL SELECT resolved_at FROM dora_incident"
                + " WHERE cause_deployment_id = ?")) {
            select.setString(1, deploymentId);
            select.setString(2, deploymentId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    failed = true;
                    long at = rs.getLong(1);
                    if (!rs.wasNull() && at >= finished && (restored == null || at < restored)) {
                        restored = at;
                    }
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE dora_deployment SET failed = ?, restored_at = ? WHERE id = ?")) {
            update.setInt(1, failed ? 1 : 0);
            setLong(update, 2, restored);
            update.setString(3, deploymentId);
            update.executeUpdate();
        }
    }

    /** A change's lead time counts when its deployment shipped it and it is positive (as Four Keys does). */
    private static Long countedLead(Deployment d, Instant commitTime) {
        long lead = d.finished().toEpochMilli() - commitTime.toEpochMilli();
        return d.succeeded() && lead > 0 ? lead : null;
    }

    private static RecordResult compare(String id, String what, List<String> differences) {
        if (differences.isEmpty()) {
            return RecordResult.of(id, RecordOutcome.UNCHANGED);
        }
        return new RecordResult(id, RecordOutcome.CONFLICT, what + " " + id
                + " is already recorded with other content; kept the first (" + String.join("; ", differences)
                + ")");
    }

    @Override
    public synchronized RecordResult record(Restore restore) {
        return transaction(() -> {
            lockDeployments(List.of(restore.deploymentId()));
            int inserted;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dora_restore (id, deployment_id,"
                    + " restored_at, kind, restored_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, restore.id());
                insert.setString(2, restore.deploymentId());
                setTime(insert, 3, restore.at());
                insert.setString(4, restore.kind().label());
                insert.setString(5, restore.by());
                inserted = insert.executeUpdate();
            }
            if (inserted == 1) {
                refreshFailure(restore.deploymentId());
                return RecordResult.of(restore.id(), RecordOutcome.RECORDED);
            }
            Restore stored = restore(restore.id()).orElseThrow(
                    () -> new SQLException("restore " + restore.id() + " was neither inserted nor found"));
            List<String> differences = new ArrayList<>();
            differ(differences, "deployment", stored.deploymentId(), restore.deploymentId());
            differ(differences, "at", stored.at(), restore.at());
            differ(differences, "kind", stored.kind(), restore.kind());
            differ(differences, "by", stored.by(), restore.by());
            return compare(restore.id(), "restore", differences);
        });
    }

    @Override
    public synchronized RecordResult record(Incident incident) {
        return transaction(() -> {
            if (incident.causeDeploymentId() != null) {
                lockDeployments(List.of(incident.causeDeploymentId()));
            }
            int inserted;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dora_incident (id, service,"
                    + " environment, opened_at, resolved_at, cause_deployment_id) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, incident.id());
                insert.setString(2, incident.service());
                insert.setString(3, incident.environment());
                setTime(insert, 4, incident.opened());
                setTime(insert, 5, incident.resolved());
                insert.setString(6, incident.causeDeploymentId());
                inserted = insert.executeUpdate();
            }
            if (inserted == 1) {
                if (incident.causeDeploymentId() != null) {
                    refreshFailure(incident.causeDeploymentId());
                }
                return RecordResult.of(incident.id(), RecordOutcome.RECORDED);
            }
            Incident stored = findIncident(incident.id()).orElseThrow(
                    () -> new SQLException("incident " + incident.id() + " was neither inserted nor found"));
            return mergeIncident(stored, incident);
        });
    }

    /** An incident is delivered once when opened and again when resolved: fill in what the first lacked. */
    private RecordResult mergeIncident(Incident stored, Incident delivered) throws SQLException {
        List<String> differences = new ArrayList<>();
        differ(differences, "service", stored.service(), delivered.service());
        differ(differences, "environment", stored.environment(), delivered.environment());
        differ(differences, "opened", stored.opened(), delivered.opened());
        if (stored.resolved() != null && delivered.resolved() != null) {
            differ(differences, "resolved", stored.resolved(), delivered.resolved());
        }
        if (stored.causeDeploymentId() != null && delivered.causeDeploymentId() != null) {
            differ(differences, "cause", stored.causeDeploymentId(), delivered.causeDeploymentId());
        }
        if (!differences.isEmpty()) {
            return compare(delivered.id(), "incident", differences);
        }
        boolean addsResolution = stored.resolved() == null && delivered.resolved() != null;
        boolean addsCause = stored.causeDeploymentId() == null && delivered.causeDeploymentId() != null;
        if (!addsResolution && !addsCause) {
            return RecordResult.of(delivered.id(), RecordOutcome.UNCHANGED);
        }
        String cause = stored.causeDeploymentId() != null ? stored.causeDeploymentId() : delivered.causeDeploymentId();
        if (cause != null) {
            // Before the row is written: a delivery naming the cause takes this lock first, then writes the row.
            lockDeployments(List.of(cause));
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE dora_incident SET"
                + " resolved_at = COALESCE(resolved_at, ?), cause_deployment_id = COALESCE(cause_deployment_id, ?)"
                + " WHERE id = ?")) {
            setTime(update, 1, delivered.resolved());
            update.setString(2, delivered.causeDeploymentId());
            update.setString(3, delivered.id());
            update.executeUpdate();
        }
        if (cause != null) {
            refreshFailure(cause);
        }
        return RecordResult.of(delivered.id(), RecordOutcome.UPDATED);
    }

    private static List<String> differences(Deployment stored, Deployment delivered, boolean compareFinished) {
        List<String> differences = new ArrayList<>();
        differ(differences, "service", stored.service(), delivered.service());
        differ(differences, "environment", stored.environment(), delivered.environment());
        differ(differences, "team", stored.team(), delivered.team());
        differ(differences, "version", stored.version(), delivered.version());
        differ(differences, "commit", stored.commitSha(), delivered.commitSha());
        differ(differences, "commit times", stored.commitTimes(), delivered.commitTimes());
        differ(differences, "started", stored.started(), delivered.started());
        if (compareFinished) {
            differ(differences, "finished", stored.finished(), delivered.finished());
        }
        differ(differences, "status", stored.status().label(), delivered.status().label());
        differ(differences, "by", stored.by(), delivered.by());
        differ(differences, "pipeline URL", stored.pipelineUrl(), delivered.pipelineUrl());
        return differences;
    }

    private static void differ(List<String> differences, String field, Object stored, Object delivered) {
        if (!Objects.equals(stored, delivered)) {
            differences.add(field + ": recorded " + stored + ", delivered " + delivered);
        }
    }

    // ---- reading events ----------------------------------------------------------------------------------

    @Override
    public synchronized Optional<Deployment> deployment(String id) {
        return transaction(() -> findDeployment(id));
    }

    private Optional<Deployment> findDeployment(String id) throws SQLException {
        return oneDeployment("SELECT " + DEPLOYMENT_COLUMNS + " FROM dora_deployment WHERE id = ?", id);
    }

    @Override
    public synchronized Optional<Deployment> lastDeployment(String service, String environment,
            boolean successfulOnly, String excludedId) {
        return transaction(() -> oneDeployment("SELECT " + DEPLOYMENT_COLUMNS + " FROM dora_deployment"
                + " WHERE service = ? AND environment = ?" + (successfulOnly ? " AND succeeded = 1" : "")
                + " AND id <> ? ORDER BY finished_at DESC, id DESC LIMIT 1", service, environment,
                excludedId == null ? "" : excludedId));
    }

    private Optional<Deployment> oneDeployment(String sql, Object... parameters) throws SQLException {
        return query(sql, this::readDeployment, parameters).stream().findFirst();
    }

    private Deployment readDeployment(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        List<Instant> commitTimes = new ArrayList<>();
        try (PreparedStatement changes = connection.prepareStatement(
                "SELECT commit_time FROM dora_change WHERE deployment_id = ? ORDER BY ordinal")) {
            changes.setString(1, id);
            try (ResultSet c = changes.executeQuery()) {
                while (c.next()) {
                    commitTimes.add(Instant.ofEpochMilli(c.getLong(1)));
                }
            }
        }
        Instant finished = time(rs, 8);
        // Stores written before such times were refused may hold commits after the finish; they never counted.
        commitTimes.removeIf(t -> t.isAfter(finished));
        return new Deployment(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), commitTimes, time(rs, 7), finished, DeploymentStatus.fromLabel(rs.getString(9)),
                rs.getString(10), rs.getString(11));
    }

    @Override
    public synchronized List<Restore> restoresOf(String deploymentId) {
        return transaction(() -> restores("deployment_id = ?", deploymentId));
    }

    private Optional<Restore> restore(String id) throws SQLException {
        return restores("id = ?", id).stream().findFirst();
    }

    private List<Restore> restores(String condition, String parameter) throws SQLException {
        return query("SELECT id, deployment_id, restored_at, kind, restored_by FROM dora_restore WHERE " + condition
                + " ORDER BY restored_at, id", rs -> new Restore(rs.getString(1), rs.getString(2), time(rs, 3),
                        RestoreKind.fromLabel(rs.getString(4)), rs.getString(5)), parameter);
    }

    @Override
    public synchronized Optional<Incident> incident(String id) {
        return transaction(() -> findIncident(id));
    }

    private Optional<Incident> findIncident(String id) throws SQLException {
        return query("SELECT id, service, environment, opened_at, resolved_at, cause_deployment_id FROM dora_incident"
                + " WHERE id = ?", rs -> new Incident(rs.getString(1), rs.getString(2), rs.getString(3), time(rs, 4),
                        time(rs, 5), rs.getString(6)), id).stream().findFirst();
    }

    // ---- aggregation -------------------------------------------------------------------------------------

    @Override
    public synchronized List<Selection> selections(Window window) {
        List<Selection> selections = new ArrayList<>(transaction(() -> query("SELECT DISTINCT service,"
                + " environment, team FROM dora_deployment WHERE finished_at > ? AND finished_at <= ?",
                rs -> Selection.row(rs.getString(1), rs.getString(2), rs.getString(3)),
                window.since().toEpochMilli(), window.until().toEpochMilli())));
        selections.sort(SELECTION_ORDER);
        return selections;
    }

    private static final java.util.Comparator<String> NULLS_FIRST =
            java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());
    private static final java.util.Comparator<Selection> SELECTION_ORDER = java.util.Comparator
            .comparing(Selection::service, NULLS_FIRST)
            .thenComparing(Selection::environment, NULLS_FIRST)
            .thenComparing(Selection::team, NULLS_FIRST);

    @Override
    public synchronized WindowFigures figures(Selection selection, Window window) {
        return transaction(() -> {
            Filter d = Filter.of("d.", selection, window);
            long deployments;
            long successful;
            long failed;
            long countedChanges;
            try (PreparedStatement totals = d.prepare(connection, "SELECT count(*), COALESCE(sum(d.succeeded), 0),"
                    + " COALESCE(sum(d.failed), 0), COALESCE(sum(d.counted_changes), 0) FROM dora_deployment d"
                    + " WHERE ")) {
                try (ResultSet rs = totals.executeQuery()) {
                    rs.next();
                    deployments = rs.getLong(1);
                    successful = rs.getLong(2);
                    failed = rs.getLong(3);
                    countedChanges = rs.getLong(4);
                }
            }
            WindowFigures.LeadTimePercentiles leadTime = leadTime(selection, window, countedChanges);
            List<Duration> recoveryTimes = recoveryTimes(d);
            return new WindowFigures(deployments, successful, failed, leadTime, recoveryTimes);
        });
    }

    private WindowFigures.LeadTimePercentiles leadTime(Selection selection, Window window, long changes)
            throws SQLException {
        if (changes == 0) {
            return null;
        }
        Filter c = Filter.of("", selection, window);
        if (changes <= streamLimit) {
            long[] leads = new long[(int) changes];
            int n = 0;
            try (PreparedStatement select = c.prepare(connection,
                    "SELECT lead_ms FROM dora_change WHERE lead_ms > 0 AND ")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next() && n < leads.length) {
                        leads[n++] = rs.getLong(1);
                    }
                }
            }
            Arrays.sort(leads, 0, n);
            return new WindowFigures.LeadTimePercentiles(n, Percentiles.of(leads, n, 0.5),
                    Percentiles.of(leads, n, 0.9));
        }
        return new WindowFigures.LeadTimePercentiles(changes, indexedPercentile(c, changes, 0.5),
                indexedPercentile(c, changes, 0.9));
    }

    /**
     * The percentile from the two order statistics around its rank, skipped to inside the database from whichever
     * end of the index is nearer: the P90 of three million changes skips 300 000 entries, not 2.7 million.
     */
    private double indexedPercentile(Filter c, long n, double p) throws SQLException {
        double rank = p * (n - 1);
        long lower = (long) Math.floor(rank);
        long upper = Math.min(lower + 1, n - 1);
        boolean fromTop = lower > (n - 1) / 2;
        // SQLite would rather sort the window than walk the lead-time index, which is the point here.
        String index = database.vendor() == DoraDatabase.Vendor.SQLITE ? " INDEXED BY dora_change_lead" : "";
        try (PreparedStatement select = c.prepare(connection, "SELECT lead_ms FROM dora_change" + index
                + " WHERE lead_ms > 0 AND ", " ORDER BY lead_ms" + (fromTop ? " DESC" : "") + " LIMIT 2 OFFSET ?")) {
            select.setLong(c.parameterCount() + 1, fromTop ? n - 1 - upper : lower);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("lead-time rank " + lower + " of " + n + " not found");
                }
                long first = rs.getLong(1);
                long second = upper != lower && rs.next() ? rs.getLong(1) : first;
                long low = fromTop ? second : first;
                long high = fromTop ? first : second;
                return low + (rank - lower) * (high - low);
            }
        }
    }

    /** Restore − finish of each failed deployment, restored by a restore event or by resolving its incident. */
    private List<Duration> recoveryTimes(Filter d) throws SQLException {
        List<Duration> durations = new ArrayList<>();
        try (PreparedStatement select = d.prepare(connection, "SELECT d.finished_at, d.restored_at"
                + " FROM dora_deployment d WHERE d.restored_at IS NOT NULL AND ")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    durations.add(Duration.ofMillis(rs.getLong(2) - rs.getLong(1)));
                }
            }
        }
        durations.sort(null);
        return durations;
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    /** Reads one row of a result set. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query inside the current transaction and reads every row. */
    private <T> List<T> query(String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
        }
        return rows;
    }

    /** Work that reads or writes; run by {@link #transaction}. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs work as one transaction: committed when it returns, rolled back when it fails. */
    private <T> T transaction(Work<T> work) {
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** The WHERE clause of a selection and window, with its parameters in order. */
    private record Filter(String sql, List<Object> parameters) {
        static Filter of(String prefix, Selection selection, Window window) {
            StringBuilder sql = new StringBuilder(prefix + "finished_at > ? AND " + prefix + "finished_at <= ?");
            List<Object> parameters = new ArrayList<>(List.of(window.since().toEpochMilli(),
                    window.until().toEpochMilli()));
            addEquals(sql, parameters, prefix + "service", selection.service());
            addEquals(sql, parameters, prefix + "environment", selection.environment());
            if (selection.withoutTeam()) {
                sql.append(" AND ").append(prefix).append("team IS NULL");
            } else {
                addEquals(sql, parameters, prefix + "team", selection.team());
            }
            return new Filter(sql.toString(), parameters);
        }

        private static void addEquals(StringBuilder sql, List<Object> parameters, String column, String value) {
            if (value != null) {
                sql.append(" AND ").append(column).append(" = ?");
                parameters.add(value);
            }
        }

        int parameterCount() {
            return parameters.size();
        }

        PreparedStatement prepare(Connection connection, String before) throws SQLException {
            return prepare(connection, before, "");
        }

        PreparedStatement prepare(Connection connection, String before, String after) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(before + sql + after);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }
    }

    private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        setLong(statement, index, time == null ? null : time.toEpochMilli());
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static Instant time(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing after a failure: the failure is what the caller reports.
        }
    }
}
