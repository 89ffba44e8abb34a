package io.cicdmanager.tui;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RecordAuditLog;
import io.cicdmanager.kube.RolloutEvents;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.tui.cluster.ClusterBoardFeed;
import io.cicdmanager.tui.cluster.RecordActions;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutBoard;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the terminal commands show and act through: the process's one board (fed by one watch), where commands
 * go, and the DORA figures. Every screen and SSH session of the process shares one backend.
 */
public record TerminalBackend(RolloutBoard board, RolloutActions actions, DoraBoard dora, AutoCloseable resources)
        implements AutoCloseable {

    /** A backend over a board the caller fills: tests, and the fixtures behind the docs' captures. */
    public TerminalBackend(RolloutBoard board, RolloutActions actions) {
        this(board, actions, DoraBoard.unavailable("no DORA store in this terminal"), () -> { });
    }

    /**
     * The backend of a cluster: one informer on the rollout records of {@code namespace} (every namespace when
     * null) feeding the board, commands written onto the records through the store and audited to
     * {@code auditFile} and as Events. Returns once the board holds every record; {@code alsoClose} is closed with
     * the backend (the client, the DORA store).
     */
    public static TerminalBackend cluster(KubernetesClient client, Clock clock, String namespace, AuditLog auditFile,
            DoraBoard dora, AutoCloseable alsoClose) {
        RolloutRecordStore store = new RolloutRecordStore(client);
        RolloutBoard board = new RolloutBoard();
        ClusterBoardFeed feed = new ClusterBoardFeed(store, board, clock, namespace);
        ExecutorService writes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rollout-commands");
            t.setDaemon(true);
            return t;
        });
        try {
            feed.start();
        } catch (RuntimeException e) {
            writes.shutdownNow();
            feed.close();
            throw e;
        }
        AuditLog audit = new RecordAuditLog(auditFile, new RolloutEvents(client, clock));
        return new TerminalBackend(board, new RecordActions(store, clock, audit, writes), dora, () -> {
            feed.close();
            writes.shutdownNow();
            alsoClose.close();
        });
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
