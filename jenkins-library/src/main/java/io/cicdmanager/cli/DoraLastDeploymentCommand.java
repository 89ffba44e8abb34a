package io.cicdmanager.cli;

import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.json.ObjectMappers;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cicd dora last-deployment}: the latest successful deployment of a service to an environment, from which
 * the Jenkins step counts the changes a new deployment ships.
 */
@Command(name = "last-deployment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the latest successful deployment of a service to an environment (by finish time).",
            "With -o json: {\"deployment\": {...}}, or {\"deployment\": null} when there is none."})
public final class DoraLastDeploymentCommand implements Callable<Integer> {
    /** The output formats. */
    enum Format { text, json }

    private final CliContext context;

    @Option(names = "--service", required = true, description = "The service deployed.")
    String service;
    @Option(names = "--env", required = true, paramLabel = "ENVIRONMENT",
            description = "The environment it was deployed to, e.g. prod.")
    String environment;
    @Option(names = "--any-status", description = "Include failed deployments.")
    boolean anyStatus;
    @Option(names = "--exclude", paramLabel = "DEPLOYMENT-ID",
            description = "Ignore this deployment: the one a pipeline is about to record again.")
    String excluded;
    @Option(names = {"-o", "--output"}, paramLabel = "text|json", description = "Default: text.")
    Format format = Format.text;
    @Mixin
    DoraDatabaseOption database = new DoraDatabaseOption();

    DoraLastDeploymentCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<Deployment> last;
        try (DoraStore store = database.openExisting(context)) {
            last = store.lastDeployment(service, environment, !anyStatus, excluded);
        } catch (JdbcDoraStore.NoStoreException e) {
            // Asked before a first deployment is recorded (recordDora asks where the commits shipped start): none,
            // and the store is left for recording to create; the path is named in case it is not the one meant.
            context.err().println(Cicd.warning("dora last-deployment", e.getMessage()));
            last = Optional.empty();
        }
        if (format == Format.json) {
            ObjectNode root = ObjectMappers.json().createObjectNode();
            root.set("deployment", last.map(DoraLastDeploymentCommand::json).orElse(null));
            context.out().println(ObjectMappers.json().writeValueAsString(root));
        } else {
            context.out().println(last.map(d -> d.id() + " " + d.commitSha() + " " + d.finished() + " "
                    + d.status().label()).orElse("no deployment of " + service + " to " + environment
                    + " is recorded"));
        }
        return ExitCode.OK;
    }

    private static ObjectNode json(Deployment d) {
        ObjectNode node = ObjectMappers.json().createObjectNode();
        node.put("id", d.id());
        node.put("service", d.service());
        node.put("environment", d.environment());
        node.put("team", d.team());
        node.put("version", d.version());
        node.put("commit", d.commitSha());
        node.put("finished", d.finished().toString());
        node.put("status", d.status().label());
        return node;
    }
}
