package io.cicdmanager.cli;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.KubeConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every command that acts on a cluster (the rollouts, the operator commands, {@code status},
 * {@code guard}, the terminal and its SSH server): where the cluster is, and where the audit goes.
 */
public final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, or the in-cluster account).")
    String kubeconfig;

    @Mixin
    AuditLogOption auditLog = new AuditLogOption();

    /** Connects as kubectl would with these options, asking the API server once (exit 4 when it does not answer). */
    public KubernetesClient connect(CliContext context) {
        return KubeConnection.connect(kubeconfig, context.env(), context.workingDir());
    }

    /** The audit file alone, for actions on objects that have no rollout record. */
    public AuditLog file(CliContext context) {
        return auditLog.file(context);
    }

    /** The audit trail of rollouts: the file when given, and Kubernetes Events on the record always. */
    public AuditLog audit(CliContext context, KubernetesClient client) {
        return auditLog.audit(context, client);
    }

    /**
     * The variables that point commands run on this process's behalf (an SSH session's) at this cluster and this
     * audit file, since they may name neither themselves.
     */
    public Map<String, String> forwarded(CliContext context) {
        Map<String, String> env = new LinkedHashMap<>();
        if (kubeconfig != null) {
            env.put("KUBECONFIG", context.resolve(kubeconfig).toString());
        }
        env.putAll(auditLog.forwarded(context));
        return env;
    }
}
