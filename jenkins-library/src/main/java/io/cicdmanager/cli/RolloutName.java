package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import java.util.regex.Pattern;

/**
 * A rollout as a person names it on the command line: {@code NAME} (with {@code -n NS}, else the kubeconfig's
 * namespace) or {@code NAMESPACE/NAME}, as the console and the shell's completion show rollouts. Anything that
 * cannot be a rollout's name is a usage error naming the argument, never a request to the API server.
 *
 * @param namespace the namespace the argument or {@code -n} gave, or null for the kubeconfig's
 * @param name the rollout's name
 */
record RolloutName(String namespace, String name) {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_NAME = 63;

    /**
     * Reads {@code argument} for {@code command}, with the {@code -n} option's value ({@code namespaceOption}, null
     * when not given); a null {@code argument} is a usage error.
     */
    static RolloutName parse(String command, String argument, String namespaceOption) {
        if (namespaceOption != null) {
            checkNamespace(namespaceOption);
        }
        if (argument == null || argument.isBlank()) {
            throw new UsageException("name the rollout: cicd " + command + " NAME (or NAMESPACE/NAME)");
        }
        String namespace = namespaceOption;
        String name = argument;
        int slash = argument.indexOf('/');
        if (slash >= 0) {
            String given = argument.substring(0, slash);
            name = argument.substring(slash + 1);
            if (given.isEmpty() || name.isEmpty()) {
                throw new UsageException("NAME '" + argument + "': give NAMESPACE/NAME, both parts, or NAME with -n");
            }
            checkLabel("NAME '" + argument + "':", given, "a namespace");
            if (namespaceOption != null && !namespaceOption.equals(given)) {
                throw new UsageException("NAME '" + argument + "' is in namespace " + given + " but -n says "
                        + namespaceOption + "; give one of them");
            }
            namespace = given;
        }
        checkLabel("NAME '" + argument + "':", name, "a rollout name");
        return new RolloutName(namespace, name);
    }

    /** Checks the {@code -n} option's value. */
    static void checkNamespace(String namespaceOption) {
        checkLabel("-n", namespaceOption, "a namespace");
    }

    private static void checkLabel(String where, String value, String what) {
        if (value.length() > MAX_NAME || !DNS_LABEL.matcher(value).matches()) {
            throw new UsageException(where + " '" + value + "' is not " + what + " (lowercase letters, digits and "
                    + "'-', at most " + MAX_NAME + " characters)");
        }
    }
}
