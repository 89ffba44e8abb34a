package io.cicdmanager.cli;

import io.cicdmanager.model.CommandAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cicd promote NAME [--full]}: ends the current step now, or with --full skips every remaining step. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Completes the current step now (a pause waiting for a promote goes on); with --full, skips "
                + "every remaining step and analysis and promotes.")
final class PromoteCommand extends OperatorCommand {
    @Option(names = "--full", description = "Skip every remaining step and analysis.")
    boolean full;

    PromoteCommand(CliContext context) {
        super(context);
    }

    @Override
    CommandAction action() {
        return full ? CommandAction.PROMOTE_FULL : CommandAction.PROMOTE;
    }
}
