package io.cicdmanager.cli;

import io.cicdmanager.audit.Actors;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.CommandRejectedException;
import io.cicdmanager.kube.KubeConnection;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.rollout.CommandDelivery;
import io.cicdmanager.time.Doorbell;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes an operator's command onto a rollout's record and waits for the engine's acknowledgement; for an orphaned
 * rollout, a rollback is carried out here instead. Exit 0 applied, 1 refused or ignored or not acknowledged in time,
 * 4 Kubernetes unreachable.
 */
abstract class OperatorCommand implements Callable<Integer> {
    protected final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "The rollout: NAME, or NAMESPACE/NAME as the console and status show it.")
    String name;

    @Option(names = {"-n", "--namespace"}, description = "Namespace of the rollout (default: the kubeconfig's).")
    String namespace;

    @Option(names = "--reason", description = "Why: recorded with your name in the record and the audit log.")
    String reason;

    @Option(names = "--wait", defaultValue = "10s", description = "How long to wait for the engine to acknowledge "
            + "(default: ${DEFAULT-VALUE}; 0 to not wait).")
    String waitFor;

    @Mixin
    ClusterOptions options = new ClusterOptions();

    OperatorCommand(CliContext context) {
        this.context = context;
    }

    abstract CommandAction action();

    /** abort, pause, resume, promote or rollback: how this command is typed. */
    private String commandName() {
        return getClass().getAnnotation(Command.class).name();
    }

    boolean reasonRequired() {
        return action().rollsBack();
    }

    @Override
    public Integer call() throws InterruptedException {
        RolloutName rollout = RolloutName.parse(getClass().getAnnotation(Command.class).name(), name, namespace);
        String name = rollout.name();
        if (reasonRequired() && (reason == null || reason.isBlank())) {
            throw new io.cicdmanager.UsageException("--reason is required for " + action()
                    + ": the audit trail says why traffic moved");
        }
        Duration wait = io.cicdmanager.config.ConfigNode.parseDuration(waitFor).orElseThrow(() ->
                new io.cicdmanager.UsageException("--wait '" + waitFor + "' is not a duration (e.g. 10s)"));
        try (KubernetesClient client = options.connect(context)) {
            String ns = KubeConnection.namespace(client, rollout.namespace());
            RolloutRecordStore store = new RolloutRecordStore(client);
            AuditLog audit = options.audit(context, client);
            String actor = Actors.current(context.env());
            String why = reason == null ? "" : reason;
            String source = context.getenv("CICD_SOURCE").orElse("cli");
            // Stamped and judged (is its engine alive?) on the cluster's time; waited for on the person's.
            java.time.Clock cluster = KubeConnection.clusterClock(context.clock(), client);
            RolloutCommand command = new RolloutCommand(UUID.randomUUID().toString(), action(), actor, why,
                    cluster.instant(), source);
            Doorbell acked = new Doorbell();
            try (Watch ignored = store.watch(ns, name, r -> {
                if (r.ack() != null && command.id().equals(r.ack().id())) {
                    acked.ring();
                }
            })) {
                CommandDelivery.Outcome outcome;
                try {
                    outcome = new CommandDelivery(store, cluster, context.sleeper(), audit).deliver(ns, name,
                            command);
                } catch (CommandDelivery.OrphanedException e) {
                    context.err().println(Cicd.error(commandName(), e.getMessage() + ": cicd rollback " + name
                            + " -n " + ns + " --reason ..."));
                    return ExitCode.FAILED;
                } catch (CommandRejectedException e) {
                    context.err().println(Cicd.error(commandName(), e.getMessage()));
                    return ExitCode.FAILED;
                }
                if (outcome instanceof CommandDelivery.RolledBackHere here) {
                    context.out().println("rollout " + ns + "/" + name + " had no engine; rolled back by " + actor
                            + ": " + here.record().status().phase() + ", traffic on stable");
                    return ExitCode.OK;
                }
                context.out().println(action() + " written to rollout " + ns + "/" + name + " by " + actor);
                if (wait.isZero()) {
                    return ExitCode.OK;
                }
                java.time.Clock person = io.cicdmanager.time.ScaledClock.unscaled(context.clock());
                acked.await(person.instant().plus(wait), person, context.sleeper(), Doorbell.DEFAULT_SLICE);
            }
            CommandAck ack = store.read(ns, name).map(RolloutRecord::ack)
                    .filter(a -> command.id().equals(a.id())).orElse(null);
            if (ack == null) {
                context.err().println(Cicd.error(commandName(), action() + " not acknowledged within " + waitFor
                        + "; the command stays pending for the engine (cicd status " + name + " -n " + ns
                        + " shows when it acts)"));
                return ExitCode.FAILED;
            }
            context.out().println("acknowledged by " + ack.engine() + ": " + ack.outcome() + ", " + ack.message());
            return CommandAck.APPLIED.equals(ack.outcome()) ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
