package io.cicdmanager.cli;

import io.cicdmanager.model.CommandAction;
import picocli.CommandLine.Command;

/** {@code cicd pause NAME}: Pauses a rollout where it stands; the analysis keeps watching. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pauses a rollout where it stands; the analysis keeps watching.")
final class PauseCommand extends OperatorCommand {
    PauseCommand(CliContext context) {
        super(context);
    }

    @Override
    CommandAction action() {
        return CommandAction.PAUSE;
    }
}
