package io.cicdmanager.tui.model;

import io.cicdmanager.UsageException;
import java.util.Objects;

/** Names one rollout: the namespace it runs in and its name, written {@code namespace/name}. */
public record RolloutKey(String namespace, String name) implements Comparable<RolloutKey> {

    public RolloutKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** Reads {@code namespace/name}, or a bare name in {@code defaultNamespace}. */
    public static RolloutKey parse(String text, String defaultNamespace) {
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash < 0) {
            if (s.isEmpty()) {
                throw new UsageException("a rollout name is required (namespace/name)");
            }
            return new RolloutKey(defaultNamespace, s);
        }
        String namespace = s.substring(0, slash);
        String name = s.substring(slash + 1);
        if (namespace.isEmpty() || name.isEmpty() || name.contains("/")) {
            throw new UsageException("'" + text + "' is not a rollout name; write namespace/name, e.g. prod/checkout");
        }
        return new RolloutKey(namespace, name);
    }

    @Override
    public int compareTo(RolloutKey other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
