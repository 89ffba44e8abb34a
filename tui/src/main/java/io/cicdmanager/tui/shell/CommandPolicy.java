package io.cicdmanager.tui.shell;

import io.cicdmanager.tui.model.Access;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code cicd} commands a session may run. Over SSH only the rollout commands, on a whitelist: a remote
 * person must not reach commands that read or write the server's files. Locally everything but the interactive
 * commands, which cannot nest. Actions need a role that may act, either way. {@code source} is what the commands
 * write as the source of their commands and audit entries.
 */
public record CommandPolicy(String where, String source, Set<String> readCommands, Set<String> actionCommands,
        Set<String> denied, boolean whitelist, Set<String> refusedOptions) {

    /** The rollout commands that change a rollout. */
    public static final Set<String> ACTIONS = Set.of("abort", "pause", "resume", "promote", "rollback");

    /** Over SSH: status to everyone, the actions to operators and admins, nothing else. */
    public static CommandPolicy ssh() {
        // --verbose would change the server's own logging for every session; the others point the server at files
        // of the caller's choosing, as the server's user.
        return new CommandPolicy("over SSH", "ssh", Set.of("status"), ACTIONS, Set.of(), true,
                Set.of("--verbose", "--kubeconfig", "--audit-log"));
    }

    /** In a local shell: every command except those that open a terminal of their own. */
    public static CommandPolicy local() {
        return new CommandPolicy("in the shell", "shell", Set.of(), ACTIONS, Set.of("tui", "shell", "serve", "demo"),
                false, Set.of());
    }

    /** Why {@code access} may not run {@code command} here, or empty when it may; the caller names the command. */
    public Optional<String> refusal(String command, Access access) {
        if (denied.contains(command)) {
            return Optional.of("cannot run " + where + "; run it from a terminal of its own");
        }
        if (actionCommands.contains(command)) {
            return access.mayAct() ? Optional.empty() : Optional.of("not allowed — "
                    + access.readOnlyReason().orElseThrow() + "; the operator or admin role is needed");
        }
        if (whitelist && !readCommands.contains(command)) {
            return Optional.of("not available " + where + "; available: "
                    + String.join(", ", new java.util.TreeSet<>(union())));
        }
        return Optional.empty();
    }

    /** Whether {@code word} is one of the refused options, alone or as {@code --option=value}. */
    public boolean refusesOption(String word) {
        for (String option : refusedOptions) {
            if (word.equals(option) || word.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }

    private Set<String> union() {
        java.util.Set<String> all = new java.util.HashSet<>(readCommands);
        all.addAll(actionCommands);
        return all;
    }
}
