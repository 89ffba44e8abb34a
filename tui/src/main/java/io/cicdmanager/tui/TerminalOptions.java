package io.cicdmanager.tui;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ClusterOptions;
import io.cicdmanager.cli.DoraDatabaseOption;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.kube.KubeConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the terminal's rollouts, audit trail and DORA figures are: the options of {@code tui} and {@code serve}, the
 * engine's cluster options and the DORA store the {@code :dora} screen reads.
 */
final class TerminalOptions {
    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--dora-db", paramLabel = "FILE|URL",
            description = "The DORA store the :dora screen reads (default: $" + DoraDatabaseOption.DB_ENV
                    + ", else ~/.cicd/dora.db), as for cicd dora --db.")
    String doraDb;

    /** The audit file, for the commands sent from here and the logins to the SSH server. */
    AuditLog auditFile(CliContext context) {
        return cluster.file(context);
    }

    /** What SSH sessions' commands are pointed at, since they may name neither: this cluster and audit file. */
    Map<String, String> sessionEnv(CliContext context) {
        return cluster.forwarded(context);
    }

    DoraDatabase dora(CliContext context) {
        return DoraDatabaseOption.resolve(context, doraDb, "--dora-db");
    }

    /**
     * Connects to the cluster and starts the one watch of this process on {@code namespace} (every namespace when
     * null); returns once the board holds every record.
     */
    TerminalBackend open(CliContext context, String namespace) {
        KubernetesClient client = cluster.connect(context);
        Clock clusterClock = KubeConnection.clusterClock(context.clock(), client);
        DoraStoreSource.Board dora = DoraStoreSource.board(dora(context), clusterClock);
        try {
            return TerminalBackend.cluster(client, clusterClock, namespace, auditFile(context), dora.board(), () -> {
                dora.resources().close();
                client.close();
            });
        } catch (RuntimeException e) {
            client.close();
            try {
                dora.resources().close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Opens the backend the terminal commands run on; tests give one over a board of their own. */
    @FunctionalInterface
    interface BackendOpener {
        TerminalBackend open(CliContext context, TerminalOptions options, String namespace);
    }
}
