package io.cicdmanager.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cicd dora}: records deployment, restore and incident events and reports and exports the four keys. */
@Command(name = "dora", mixinStandardHelpOptions = true,
        description = {"DORA metrics: record deployments, restores and incidents; report and export the four keys.",
            "Exit codes: 0 done; 1 an event id was already recorded with other content (the first is kept);",
            "2 bad usage; 4 the store or the Pushgateway could not be reached."},
        subcommands = {DoraRecordCommand.class, DoraReportCommand.class, DoraLastDeploymentCommand.class,
            DoraServeCommand.class, DoraPushCommand.class},
        synopsisSubcommandLabel = "COMMAND")
public final class DoraCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
