package io.cicdmanager.cli;

import picocli.CommandLine.Command;

/** {@code cicd rolling}: Runs the Deployment's own rolling update, watched by analysis, undone on a breach. */
@Command(name = "rolling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the Deployment's own rolling update, watched by analysis, undone on a breach.",
            "Exit: 0 succeeded; 1 rolled back, aborted or failed; 2 bad spec; 4 Kubernetes or Prometheus unreachable."})
final class RollingCommand extends RolloutRunCommand {
    RollingCommand(CliContext context) {
        super(context);
    }

    @Override
    String strategy() {
        return "rolling";
    }
}
