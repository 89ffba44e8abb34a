package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;

/**
 * Reads one kind of check from a spec's {@code checks:} entry. A new kind of check (the statistical judge) is one
 * more parser in {@link CheckParsers#standard()}; the runner does not change.
 */
public interface CheckParser {
    /** Whether this parser reads {@code node} (by the fields it has). */
    boolean accepts(ConfigNode node);

    /** Reads and validates the entry; errors name the file, line and field. */
    Check parse(ConfigNode node, String name);
}
