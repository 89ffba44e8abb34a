package io.cicdmanager.cli;

import picocli.CommandLine.Command;

/** {@code cicd bluegreen}: Runs a blue-green release: a full preview, analysis, an instant switch of the active Service. */
@Command(name = "bluegreen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a blue-green release: a full preview, analysis, an instant switch of the active Service.",
            "Exit: 0 succeeded; 1 rolled back, aborted or failed; 2 bad spec; 4 Kubernetes or Prometheus unreachable."})
final class BlueGreenCommand extends RolloutRunCommand {
    BlueGreenCommand(CliContext context) {
        super(context);
    }

    @Override
    String strategy() {
        return "blueGreen";
    }
}
