package io.cicdmanager.cli;

import io.cicdmanager.model.CommandAction;
import picocli.CommandLine.Command;

/** {@code cicd resume NAME}: Resumes a paused rollout. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused rollout.")
final class ResumeCommand extends OperatorCommand {
    ResumeCommand(CliContext context) {
        super(context);
    }

    @Override
    CommandAction action() {
        return CommandAction.RESUME;
    }
}
