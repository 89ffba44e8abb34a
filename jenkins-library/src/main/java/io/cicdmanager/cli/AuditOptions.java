package io.cicdmanager.cli;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.kube.RecordAuditLog;
import io.cicdmanager.kube.RolloutEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Option;

/**
 * The options every command that touches a rollout shares: where the cluster is and where the audit goes. Without
 * {@code --audit-log} the audit file is {@value #AUDIT_LOG_ENV} when set: how the SSH server hands its own audit
 * trail to the commands its sessions run, where the option is refused.
 */
final class AuditOptions {
    /** The audit file when {@code --audit-log} is not given. */
    static final String AUDIT_LOG_ENV = "CICD_AUDIT_LOG";

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, or the in-cluster account).")
    String kubeconfig;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Also append every transition and command to this JSON Lines audit log (default: $"
                    + AUDIT_LOG_ENV + " when set).")
    String auditLog;

    /** The audit file alone, for actions on objects that have no rollout record. */
    AuditLog file(CliContext context) {
        String file = auditLog != null ? auditLog : context.getenv(AUDIT_LOG_ENV).orElse(null);
        return file == null ? AuditLog.none() : new JsonLinesAuditLog(context.resolve(file));
    }

    /** The audit trail: the file when given, and Kubernetes Events on the record always. */
    AuditLog audit(CliContext context, KubernetesClient client) {
        return new RecordAuditLog(file(context), new RolloutEvents(client, context.clock()));
    }
}
