package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.Actors;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.kube.KubeConnection;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.CommandAction;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cicd rollback NAME}: rolls a rollout back (through its engine, or by itself when the rollout is orphaned);
 * {@code cicd rollback --deployment D}: undoes a plain Deployment to its previous revision now.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Rolls a rollout back: through its engine, or directly when no engine drives it any more.",
            "With --deployment instead of NAME: undoes a plain Deployment to its previous revision now."})
final class RollbackCommand extends OperatorCommand {
    @Option(names = "--deployment", description = "A plain Deployment to undo to its previous revision.")
    String deployment;

    @Option(names = "--container", description = "With --deployment: the container whose image is reported.")
    String container;

    @Mixin
    RollbackDoraOptions dora;

    RollbackCommand(CliContext context) {
        super(context);
    }

    @Override
    CommandAction action() {
        return CommandAction.ROLLBACK;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (deployment == null) {
            if (dora.db != null || !dora.given().isEmpty()) {
                throw new UsageException("the --dora options record a rollback with --deployment; a rollout's "
                        + "rollback is recorded by the engine that runs it (cicd canary --dora-db ...)");
            }
            return super.call();
        }
        if (name != null) {
            throw new UsageException("give a rollout NAME or --deployment, not both");
        }
        if (reason == null || reason.isBlank()) {
            throw new UsageException("--reason is required for rollback: the audit trail says why");
        }
        Optional<DoraDatabase> doraStore = dora.checkedStore(context);
        try (KubernetesClient client = options.connect(context)) {
            String ns = KubeConnection.namespace(client, namespace);
            Workloads workloads = new Workloads(client, ns);
            String actor = Actors.current(context.env());
            String image = workloads.undo(deployment, container).orElse(null);
            String target = ns + "/" + deployment;
            if (image == null) {
                context.err().println(Cicd.error("rollback", "Deployment " + target
                        + " has no previous revision to go back to"));
                options.file(context).append(new AuditEntry(context.clock().instant(), actor, "cli",
                        "rollback", target, reason, "refused: no previous revision", Map.of()));
                return ExitCode.FAILED;
            }
            options.file(context).append(new AuditEntry(context.clock().instant(), actor, "cli", "rollback",
                    target, reason, "undone to " + image, Map.of("image", image)));
            context.out().println("Deployment " + target + " rolled back to " + image + " by " + actor);
            Instant undoneAt = context.clock().instant();
            doraStore.ifPresent(db -> dora.recordRollback(context, db, ns, deployment, undoneAt, actor));
            return ExitCode.OK;
        }
    }
}
