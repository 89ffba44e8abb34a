package io.cicdmanager.cli;

import io.cicdmanager.model.CommandAction;
import picocli.CommandLine.Command;

/** {@code cicd abort NAME}: Aborts a rollout: all traffic back on stable, then the canary scaled down. */
@Command(name = "abort", mixinStandardHelpOptions = true, description = "Aborts a rollout: all traffic back on stable, then the canary scaled down.")
final class AbortCommand extends OperatorCommand {
    AbortCommand(CliContext context) {
        super(context);
    }

    @Override
    CommandAction action() {
        return CommandAction.ABORT;
    }
}
