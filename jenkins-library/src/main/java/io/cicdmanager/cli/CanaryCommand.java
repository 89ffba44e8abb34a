package io.cicdmanager.cli;

import picocli.CommandLine.Command;

/** {@code cicd canary}: Runs a canary: steps of traffic weights and pauses, judged by analysis, rolled back on a breach. */
@Command(name = "canary", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a canary: steps of traffic weights and pauses, judged by analysis, rolled back on a breach.",
            "Exit: 0 succeeded; 1 rolled back, aborted or failed; 2 bad spec; 4 Kubernetes or Prometheus unreachable."})
final class CanaryCommand extends RolloutRunCommand {
    CanaryCommand(CliContext context) {
        super(context);
    }

    @Override
    String strategy() {
        return "canary";
    }
}
