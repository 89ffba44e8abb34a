package io.cicdmanager.cli;

import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraRecorder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The DORA options of {@code cicd rollback --deployment} and {@code cicd guard}: a rollback of a plain Deployment is
 * recorded as the restore of the deployment it undid, by default the latest successful one of the service to the
 * environment.
 */
final class RollbackDoraOptions extends DoraOptions {
    @Option(names = "--dora-deployment", paramLabel = "DEPLOYMENT-ID", order = 104,
            description = "The DORA deployment this rollback undoes (default: the latest successful deployment of the "
                + "service to the environment).")
    String deploymentId;

    @Override
    List<String> given() {
        List<String> given = super.given();
        if (deploymentId != null) {
            given.add("--dora-deployment");
        }
        return given;
    }

    /** Checks the options before anything changes: empty when recording is off. */
    Optional<DoraDatabase> checkedStore(CliContext context) {
        notBlank("--dora-deployment", deploymentId);
        return store(context);
    }

    /**
     * Records that {@code deployment} in {@code namespace} was rolled back at {@code at}: the deployment it undid
     * counts as failed, restored then. Nothing recorded for the service is a warning, as is a store that fails.
     */
    void recordRollback(CliContext context, DoraDatabase database, String namespace, String deployment, Instant at,
            String by) {
        String svc = service != null ? service : deployment;
        String env = environment != null ? environment : namespace;
        String retry = deploymentId != null
                ? "cicd dora record restore --id '" + deploymentId + DoraRecorder.RESTORE_SUFFIX + "' --deployment '"
                        + deploymentId + "' --at " + at + " --by '" + by + "'"
                : "cicd dora record restore --id ID" + DoraRecorder.RESTORE_SUFFIX + " --deployment ID --at " + at
                        + " --by '" + by + "', where ID is the latest successful deployment of " + svc + " to " + env;
        DoraOptions.recordOrWarn(context, commandPath(), database, "the rollback of " + svc + " in " + env, store -> {
            Optional<String> id = deploymentId != null ? Optional.of(deploymentId)
                    : store.lastDeployment(svc, env, true, null).map(Deployment::id);
            if (id.isEmpty()) {
                context.err().println(Cicd.warning(commandPath(), "DORA: the rollback is not recorded: no successful "
                        + "deployment of " + svc + " to " + env + " is recorded in " + database.location()
                        + " (--dora-service and --dora-env name it; --dora-deployment names the deployment undone). "
                        + "This does not change the result above"));
                return List.of();
            }
            return List.of(new DoraRecorder(store).recordRollback(id.get(), at, by));
        }, retry);
    }
}
