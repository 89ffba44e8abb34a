package io.cicdmanager.cli;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.kube.RecordAuditLog;
import io.cicdmanager.kube.RolloutEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Option;

/** The options every command that touches a rollout shares: where the cluster is and where the audit goes. */
final class AuditOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, or the in-cluster account).")
    String kubeconfig;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Also append every transition and command to this JSON Lines audit log.")
    String auditLog;

    /** The audit file alone, for actions on objects that have no rollout record. */
    AuditLog file(CliContext context) {
        return auditLog == null ? AuditLog.none() : new JsonLinesAuditLog(context.resolve(auditLog));
    }

    /** The audit trail: the file when given, and Kubernetes Events on the record always. */
    AuditLog audit(CliContext context, KubernetesClient client) {
        return new RecordAuditLog(file(context), new RolloutEvents(client, context.clock()));
    }
}
