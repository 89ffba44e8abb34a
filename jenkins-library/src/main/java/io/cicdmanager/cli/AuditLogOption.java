package io.cicdmanager.cli;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.kube.RecordAuditLog;
import io.cicdmanager.kube.RolloutEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --audit-log}: the JSON Lines file the audit trail is appended to, besides the Events on rollout records.
 * Without the option it is {@value #AUDIT_LOG_ENV} when set: how the SSH server hands its own audit trail to the
 * commands its sessions run, where the option is refused.
 */
public final class AuditLogOption {
    /** The audit file when {@code --audit-log} is not given. */
    public static final String AUDIT_LOG_ENV = "CICD_AUDIT_LOG";

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Also append every transition, command and login to this JSON Lines audit log (default: $"
                    + AUDIT_LOG_ENV + " when set); rollouts' entries are mirrored as Events on their record always.")
    String auditLog;

    /** The audit file, from the option or the environment; empty when neither names one. */
    public Optional<Path> path(CliContext context) {
        return Optional.ofNullable(auditLog).or(() -> context.getenv(AUDIT_LOG_ENV)).map(context::resolve);
    }

    /** The audit file alone, for actions on objects that have no rollout record. */
    public AuditLog file(CliContext context) {
        return path(context).<AuditLog>map(JsonLinesAuditLog::new).orElse(AuditLog.none());
    }

    /** The audit trail of rollouts: the file when given, and Kubernetes Events on the record always. */
    public AuditLog audit(CliContext context, KubernetesClient client) {
        return new RecordAuditLog(file(context), new RolloutEvents(client, context.clock()));
    }

    /** The variable that hands this audit file to commands run on this process's behalf (an SSH session's). */
    public Map<String, String> forwarded(CliContext context) {
        return path(context).map(p -> Map.of(AUDIT_LOG_ENV, p.toString())).orElse(Map.of());
    }
}
