package io.cicdmanager.tui;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.DoraDatabaseOption;
import io.cicdmanager.cli.KubeConnection;
import io.cicdmanager.dora.DoraDatabase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the terminal's rollouts, audit trail and DORA figures are: the options of {@code tui} and {@code serve}. */
final class ClusterOptions {
    /** The variable the engine's commands read their audit file from when they run inside an SSH session. */
    static final String AUDIT_LOG_ENV = "CICD_AUDIT_LOG";

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, or the in-cluster account).")
    String kubeconfig;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Also append every command sent from here (and, for serve, every login) to this JSON Lines "
                    + "audit log; commands are always mirrored as Events on the rollout's record.")
    String auditLog;

    @Option(names = "--dora-db", paramLabel = "FILE|URL",
            description = "The DORA store the :dora screen reads (default: $" + DoraDatabaseOption.DB_ENV
                    + ", else ~/.cicd/dora.db), as for cicd dora --db.")
    String doraDb;

    AuditLog auditFile(CliContext context) {
        return auditLog == null ? AuditLog.none() : new JsonLinesAuditLog(context.resolve(auditLog));
    }

    DoraDatabase dora(CliContext context) {
        return DoraDatabaseOption.resolve(context, doraDb, "--dora-db");
    }

    /**
     * The environment the commands of SSH sessions run with: this cluster and this audit file, since the
     * sessions themselves may name neither.
     */
    Map<String, String> sessionEnv(CliContext context) {
        Map<String, String> env = new HashMap<>(context.env());
        if (kubeconfig != null) {
            env.put("KUBECONFIG", context.resolve(kubeconfig).toString());
        }
        if (auditLog != null) {
            env.put(AUDIT_LOG_ENV, context.resolve(auditLog).toString());
        }
        return env;
    }

    /**
     * Connects to the cluster and starts the one watch of this process on {@code namespace} (every namespace when
     * null); returns once the board holds every record.
     */
    TerminalBackend open(CliContext context, String namespace) {
        KubernetesClient client = KubeConnection.connect(context, kubeconfig);
        java.time.Clock cluster = KubeConnection.clusterClock(context, client);
        DoraStoreSource.Board dora = DoraStoreSource.board(dora(context), cluster);
        try {
            return TerminalBackend.cluster(client, cluster, namespace, auditFile(context), dora.board(), () -> {
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
        TerminalBackend open(CliContext context, ClusterOptions options, String namespace);
    }
}
